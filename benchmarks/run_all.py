"""Run every benchmark and print its ratio table (make bench)."""

import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_mlp  # noqa: E402
import bench_value  # noqa: E402
import bench_value_vs_matrix  # noqa: E402
import bench_widgets  # noqa: E402

if __name__ == "__main__":
    print(f"Python {platform.python_version()} on {platform.machine()}; "
          "every ratio compares two timings measured in this run")
    bench_value.main()
    bench_value_vs_matrix.main()
    bench_mlp.main()
    bench_widgets.main()
