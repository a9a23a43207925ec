"""Make an nbgrader course with one assignment per chapter, and release it.

    python -m tools.make_assignments                      # all chapters, into _build/assignments
    python -m tools.make_assignments --out DIR book/05_backprop_graphs.ipynb

For each chapter notebook it writes ``source/chNN/<notebook>.ipynb`` and runs
``nbgrader generate_assignment chNN``, which puts the student version in
``release/chNN/``: every ``### BEGIN SOLUTION`` region replaced by the stub
``raise NotImplementedError()  # your code here``, outputs cleared, the self-check and test
cells locked.

The source copy is the chapter as tools/student_view.py withholds it for students (the one
pipeline shared with `make student`), with the autograded test cells kept and no stored
outputs or widget state. nbgrader's stub for a solution region is the student edition's
(``ClearSolutions.code_stub`` below).

Instructors then collect submissions into ``submitted/<student>/chNN/`` and run
``nbgrader autograde chNN`` in the same folder.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from tools import notebook_conventions as conventions
from tools.student_view import STUB, source_notebook

ROOT = conventions.ROOT
CONFIG = f"""\
# nbgrader configuration of the course made by tools/make_assignments.py
c = get_config()  # noqa: F821
c.ClearSolutions.code_stub = {{"python": {STUB!r}}}  # as in the student edition
# (the course root is the folder nbgrader runs in, so the folder can be moved or copied)
c.CourseDirectory.course_id = "backprop-book"
c.Execute.timeout = 600          # seconds per cell when autograding
c.Execute.interrupt_on_timeout = True
"""


def assignment_id(path):
    """ch05 for book/05_backprop_graphs.ipynb."""
    match = re.match(r"(\d\d)_", Path(path).name)
    if not match:
        raise ValueError(f"{path}: chapter notebooks are named NN_title.ipynb")
    return f"ch{match.group(1)}"


def make_course(out, notebooks):
    out = Path(out).resolve()
    if out.exists():
        shutil.rmtree(out)
    (out / "source").mkdir(parents=True)
    (out / "nbgrader_config.py").write_text(CONFIG)
    ids = []
    for path in notebooks:
        ident = assignment_id(path)
        folder = out / "source" / ident
        folder.mkdir()
        nb = source_notebook(nbformat.read(path, as_version=4), Path(path).name)
        nbformat.write(nb, folder / Path(path).name)
        ids.append(ident)
    nbgrader(out, "generate_assignment", "ch*", "--force")  # all at once: one start-up
    for ident in ids:
        print(f"released: {out / 'release' / ident}")
    return out


def nbgrader(course, *args):
    """Run an nbgrader command in the course folder (with this Python's scripts on PATH,
    which nbgrader needs for alembic)."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"],
                          cwd=course, env=env, check=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        default=sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb")))
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "assignments")
    args = parser.parse_args(argv)
    make_course(args.out, args.notebooks)


if __name__ == "__main__":
    main()
