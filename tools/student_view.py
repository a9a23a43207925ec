"""What a student sees: the one pipeline behind `make student` and `make assignments`.

Both editions start from ``withheld(nb)``: the chapter with the book's conventions applied
(tools/notebook_conventions.py, which gives every coding exercise its nbgrader metadata)
and without anything that shows or checks a worked answer:

- every ``{solution}`` block in markdown (a cell left empty goes too);
- code cells tagged ``answer`` (they print a worked answer);
- hidden (``remove-cell``) code cells of the "Exercises" section that are not nbgrader cells,
  and any code cell with a ``### BEGIN SOLUTION`` region that is not an exercise's
  solution cell (they verify worked answers);
- nbgrader's autograded test cells, unless ``keep_tests`` (the nbgrader course keeps them:
  they are what it grades; the student edition drops them, as they fail until solved).

Then each solution region becomes a stub through nbgrader's own ``ClearSolutions``
preprocessor, with the stub ``STUB`` in both editions (``make_assignments`` configures
nbgrader with it): ``student_notebook`` does it here and keeps the chapter's figures;
``source_notebook`` leaves it to ``nbgrader generate_assignment``, which also clears the
outputs.
"""

import re

from nbgrader.preprocessors import ClearSolutions

from tools import notebook_conventions as conventions

STUB = "raise NotImplementedError()  # your code here"
BEGIN = "### BEGIN SOLUTION"
FENCE = re.compile(r"^(\s*)(`{3,}|:{3,})\{solution\}")


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


def _nbgrader(cell):
    return cell.metadata.get("nbgrader", {})


def withheld(nb, name="notebook", *, keep_tests):
    """The chapter with the conventions applied and every worked answer removed."""
    url, branch = conventions.repository()
    nb = conventions.apply(nb, url, branch, name)
    kept, in_exercises = [], False
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        grading = _nbgrader(cell)
        if cell.cell_type == "markdown":
            if cell.source.startswith("## "):
                in_exercises = cell.source.startswith("## Exercises")
            cell.source = drop_solution_blocks(cell.source)
            if not cell.source.strip():
                continue
        elif cell.cell_type == "code":
            if "answer" in tags:
                continue
            if grading.get("grade") and not keep_tests:
                continue
            if in_exercises and "remove-cell" in tags and not grading:
                continue
            if BEGIN in cell.source and not grading.get("solution"):
                continue  # a hidden cell that verifies worked answers, wherever it sits
        kept.append(cell)
    nb.cells = kept
    return nb


def clear_solutions(nb):
    """Each ### BEGIN/END SOLUTION region becomes ``STUB``, by nbgrader's preprocessor
    (which also refuses a solution region outside a solution cell)."""
    nb, _ = ClearSolutions(code_stub={"python": STUB}).preprocess(nb, {})
    return nb


def student_notebook(nb, name="notebook"):
    """The student edition of a chapter: answers withheld, solutions stubbed, the outputs
    of solution and check cells cleared (the chapter's other outputs, its figures, stay)."""
    nb = clear_solutions(withheld(nb, name, keep_tests=False))
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if "solution" in tags:
            cell.metadata["tags"] = sorted(tags - {"hide-input"})  # the stub is the exercise
        if cell.cell_type == "code" and tags & {"solution", "check"}:
            cell.outputs, cell.execution_count = [], None
    return nb


def source_notebook(nb, name="notebook"):
    """The chapter as an nbgrader source: answers withheld, test cells kept, no stored
    outputs or widget state (``nbgrader generate_assignment`` stubs the solutions)."""
    nb = withheld(nb, name, keep_tests=True)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata.pop("widgets", None)
    return nb
