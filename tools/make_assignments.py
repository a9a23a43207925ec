"""Make an nbgrader course with one assignment per chapter, and release it.

    python tools/make_assignments.py                      # all chapters, into _build/assignments
    python tools/make_assignments.py --out DIR book/05_backprop_graphs.ipynb

For each chapter notebook it writes ``source/chNN/<notebook>.ipynb`` and runs
``nbgrader generate_assignment chNN``, which puts the student version in
``release/chNN/``: every ``### BEGIN SOLUTION`` region replaced by
``raise NotImplementedError()``, outputs cleared, the self-check and test cells locked.

The source copy is the chapter with the book's conventions applied (see
tools/notebook_conventions.py, which adds the nbgrader metadata) and without anything
that would give an answer away: ``{solution}`` blocks in markdown, code cells tagged
``answer``, the hidden cells of the "Exercises" section and any other code cell with a
solution region that is not an exercise's answer cell (they verify worked answers; the
autograded test cells stay), and the stored outputs and widget state.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_student  # noqa: E402
import notebook_conventions as conventions  # noqa: E402

ROOT = conventions.ROOT
CONFIG = """\
# nbgrader configuration of the course made by tools/make_assignments.py
c = get_config()  # noqa: F821
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


def source_notebook(nb, name="notebook"):
    """The chapter as an nbgrader source: conventions applied, worked answers removed."""
    url, branch = conventions.repository()
    nb = conventions.apply(nb, url, branch, name)
    kept, in_exercises = [], False
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if cell.cell_type == "markdown":
            if cell.source.startswith("## "):
                in_exercises = cell.source.startswith("## Exercises")
            cell.source = make_student.drop_solution_blocks(cell.source)
            if not cell.source.strip():
                continue
        elif "answer" in tags:
            continue
        elif in_exercises and "remove-cell" in tags and "nbgrader" not in cell.metadata:
            continue
        elif "BEGIN SOLUTION" in cell.source and "nbgrader" not in cell.metadata:
            continue  # a hidden cell that verifies worked answers, wherever it sits
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        kept.append(cell)
    nb.cells = kept
    nb.metadata.pop("widgets", None)
    return nb


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
