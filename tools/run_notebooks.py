"""Re-execute notebooks in place, saving widget state, so that a re-run changes nothing.

    python -m tools.run_notebooks book/*.ipynb      # make notebooks

The book's notebook conventions (tools/notebook_conventions.py: the Colab cell, the
versions line, nbgrader metadata) are applied first, so a re-executed notebook follows them.
Deterministic by construction: execution counts restart at 1, no timing metadata is
recorded, and the random widget model ids are replaced by ids derived from the
notebook's name and the order in which the widgets were created.
"""

import argparse
import os
import sys
import time
import uuid
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tools import notebook_conventions as conventions

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
NAMESPACE = uuid.UUID("6c1f3bd4-1f0e-4c4e-9d3a-7a1b0b9a2c55")


def execute(path, timeout=600):
    nb = nbformat.read(path, as_version=4)
    url, branch = conventions.repository()
    conventions.apply(nb, url, branch, path.name)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            store_widget_state=True, record_timing=False)
    client.execute()
    return nb


def stable_widget_ids(nb, name):
    """Replace each random widget model id by a uuid5 of (notebook name, creation order)."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    text = nbformat.writes(nb)
    for i, old in enumerate(list(state)):
        text = text.replace(old, uuid.uuid5(NAMESPACE, f"{name}/{i}").hex)
    return nbformat.reads(text, as_version=4)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):  # small matrices: threads add noise
        os.environ.setdefault(var, "1")
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    for path in args.notebooks:
        start = time.perf_counter()
        nb = stable_widget_ids(execute(path), path.stem)
        if not _has_widgets(nb):
            nb.metadata.pop("widgets", None)
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
        conventions.write(nb, path)
        print(f"{path}: executed in {time.perf_counter() - start:.1f} s", file=sys.stderr)


def _has_widgets(nb):
    return bool(nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state"))


if __name__ == "__main__":
    main()
