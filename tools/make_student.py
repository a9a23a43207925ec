"""Make the student edition: notebooks with solutions removed, and a book that hides them.

    python tools/make_student.py --out _build/student

In each notebook, a code cell tagged ``solution`` keeps its text outside the
``### BEGIN SOLUTION`` / ``### END SOLUTION`` lines and gets a stub inside them; its
output and the outputs of ``check`` cells are cleared; every ``{solution}`` block in
markdown is dropped, and so are code cells that show or assert a worked answer: those
tagged ``answer``, the hidden (``remove-cell``) ones of the "Exercises" section, and
nbgrader's autograded test cells (they fail until the exercise is solved).
The book's configuration is copied with ``hide_solutions``.
"""

import argparse
import re
import shutil
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB = "raise NotImplementedError()  # your code here"
FENCE = re.compile(r"^(\s*)(`{3,}|:{3,})\{solution\}")


def stub_solution_code(source):
    """Replace each BEGIN/END SOLUTION region by an indented stub."""
    lines, out, inside = source.splitlines(), [], False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(BEGIN):
            if inside:
                raise ValueError("nested ### BEGIN SOLUTION")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}{STUB}")
        elif stripped.startswith(END):
            if not inside:
                raise ValueError("### END SOLUTION without BEGIN")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError("### BEGIN SOLUTION without END")
    return "\n".join(out)


def drop_solution_blocks(markdown):
    """Remove every ```{solution} ... ``` (or :::{solution}) block from a markdown cell."""
    out, closing = [], None
    for line in markdown.splitlines():
        if closing is None:
            match = FENCE.match(line)
            if match:
                closing = match.group(2)
                continue
            out.append(line)
        elif line.strip() == closing:
            closing = None
    return "\n".join(out).rstrip()


def student_notebook(nb):
    kept, in_exercises = [], False
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            in_exercises = cell.source.startswith("## Exercises")
        autograder_test = cell.metadata.get("nbgrader", {}).get("grade", False)
        worked_answer = ("answer" in tags or (in_exercises and "remove-cell" in tags)
                         or autograder_test)
        if cell.cell_type == "code" and worked_answer:
            continue
        kept.append(cell)
        if cell.cell_type == "markdown":
            cell.source = drop_solution_blocks(cell.source)
        elif "solution" in tags:
            cell.source = stub_solution_code(cell.source)
            cell.metadata["tags"] = sorted(tags - {"hide-input"})
            cell.outputs, cell.execution_count = [], None
        elif "check" in tags:
            cell.outputs, cell.execution_count = [], None
    nb.cells = kept
    return nb


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
        nb = student_notebook(nbformat.read(path, as_version=4))
        nbformat.write(nb, out / "book" / path.name)
        print(f"student copy: {out / 'book' / path.name}")


if __name__ == "__main__":
    main()
