"""What a student sees (tools/student_view.py, behind `make student` and `make assignments`):
solutions become stubs, checks stay, nothing of the answer leaks."""

from pathlib import Path

import nbformat
import pytest

from tools import make_assignments, notebook_conventions, student_view

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell


def chapter(*extra):
    """A one-exercise chapter in the book's pattern, with `extra` cells in its Exercises."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [md("# Title"),
                code("x = 1", metadata={"tags": ["remove-cell"]}),
                md("## Exercises"),
                md("```{exercise} Double\n:label: ex-ch01-double\nWrite f.\n```",
                   metadata={"exercise": {"kind": "coding", "difficulty": "easy", "minutes": 5}}),
                code("def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION",
                     metadata={"tags": ["solution", "hide-input"]}),
                code("check.ch01.f(f)", metadata={"tags": ["check"]}),
                *extra,
                md("````{solution} ex-ch01-double\n:class: dropdown\n```python\nsecret = 42\n"
                   "```\n````"),
                md("## Further reading")]
    return nb


def sources(nb):
    return [c.source for c in nb.cells]


def test_solution_region_becomes_an_indented_stub_that_raises():
    nb = student_view.student_notebook(chapter())
    (cell,) = [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    assert "return 2 * x" not in cell.source
    assert cell.source.splitlines() == ["def f(x):", "    " + student_view.STUB]
    assert "hide-input" not in cell.metadata["tags"]          # the stub is the exercise
    namespace = {}
    exec(compile(cell.source, "stub", "exec"), namespace)
    with pytest.raises(NotImplementedError):
        namespace["f"](1)


def test_both_editions_use_the_same_stub():
    assert f'"python": {student_view.STUB!r}' in make_assignments.CONFIG


def test_an_unfinished_solution_region_is_an_error():
    nb = chapter()
    nb.cells[4].source = "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n### END SOLUTION"
    nb = student_view.withheld(nb, keep_tests=False)
    nb.cells[4].source = "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n"
    with pytest.raises(RuntimeError, match="no end solution"):
        student_view.clear_solutions(nb)


def test_solution_blocks_are_dropped_from_markdown():
    text = ("Intro\n```{exercise} Q\n:label: q\nAsk.\n```\n"
            "````{solution} q\n:class: dropdown\n```python\nsecret = 42\n```\n````\nAfter")
    out = student_view.drop_solution_blocks(text)
    assert "secret" not in out and "{solution}" not in out
    assert "Ask." in out and out.endswith("After")


def test_worked_answers_are_withheld_from_both_editions():
    extra = (code("assert answer == 33", metadata={"tags": ["remove-cell"]}),
             code("print(answer)", metadata={"tags": ["answer", "hide-input"]}),
             code("# verifies the answer\n### BEGIN SOLUTION\nanswer = 33\n### END SOLUTION",
                  metadata={"tags": ["remove-cell"]}))
    for keep_tests in (False, True):
        text = "\n".join(sources(student_view.withheld(chapter(*extra), keep_tests=keep_tests)))
        for leak in ("assert answer == 33", "print(answer)", "answer = 33", "secret = 42"):
            assert leak not in text
        assert "x = 1" in text and "check.ch01.f(f)" in text and "Write f." in text


def test_the_autograder_test_cell_is_only_in_the_nbgrader_source():
    def tests(nb):
        return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]

    assert tests(student_view.student_notebook(chapter())) == []
    (test,) = tests(student_view.source_notebook(chapter()))
    assert test.source.startswith(notebook_conventions.TEST_MARK)


def test_student_edition_keeps_figures_and_clears_solution_and_check_outputs():
    nb = chapter()
    figure = nbformat.v4.new_output("display_data", data={"image/png": "iVBOR"})
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [figure]
    student = student_view.student_notebook(nb)
    by_role = {("solution" if "solution" in c.metadata.get("tags", []) else
                "check" if "check" in c.metadata.get("tags", []) else c.source): c
               for c in student.cells if c.cell_type == "code"}
    assert by_role["x = 1"].outputs == [figure]               # the chapter's figure stays
    assert by_role["solution"].outputs == [] and by_role["check"].outputs == []
    assert all(c.outputs == [] for c in student_view.source_notebook(chapter()).cells
               if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_each_chapter_has_a_clean_student_copy(path):
    nb = nbformat.read(path, as_version=4)
    student = student_view.student_notebook(nbformat.read(path, as_version=4), path.name)
    text = nbformat.writes(student)
    assert "BEGIN SOLUTION" not in text and "{solution}" not in text
    solutions = [c for c in student.cells if "solution" in c.metadata.get("tags", [])]
    checks = [c for c in student.cells if "check" in c.metadata.get("tags", [])]
    assert len(checks) == sum("check" in c.metadata.get("tags", []) for c in nb.cells)
    for cell in solutions:
        assert student_view.STUB in cell.source
        compile(cell.source, path.name, "exec")
        assert cell.outputs == []
    assert not any(c.metadata.get("nbgrader", {}).get("grade") for c in student.cells)
