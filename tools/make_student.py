"""Make the student edition: notebooks with solutions removed, and a book that hides them.

    python -m tools.make_student --out _build/student        # make student

What a student sees is decided in one place, tools/student_view.py (shared with
`make assignments`): worked answers are withheld, each ``### BEGIN SOLUTION`` region becomes
a stub (nbgrader's ClearSolutions), and the outputs of solution and check cells are cleared;
the chapter's figures stay. The book's configuration is copied with ``hide_solutions``.
"""

import argparse
import shutil
from pathlib import Path

import nbformat
import yaml

from tools.student_view import student_notebook

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "student")
    out = parser.parse_args(argv).out.resolve()
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(ROOT / "book", out / "book", ignore=shutil.ignore_patterns("*.ipynb"))
    shutil.copy(ROOT / "_toc.yml", out / "_toc.yml")
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["title"] += " (student edition)"
    config.setdefault("sphinx", {}).setdefault("config", {})["hide_solutions"] = True
    extensions = config["sphinx"].get("local_extensions", {})
    for name, path in extensions.items():  # the copy lives elsewhere: point at ours
        extensions[name] = str(ROOT / path)
    (out / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        nb = student_notebook(nbformat.read(path, as_version=4), path.name)
        nbformat.write(nb, out / "book" / path.name)
        print(f"student copy: {out / 'book' / path.name}")


if __name__ == "__main__":
    main()
