"""The student edition: solutions become stubs, checks stay, nothing of the answer leaks."""

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("make_student", ROOT / "tools" / "make_student.py")
make_student = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_student)
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


def test_solution_region_becomes_an_indented_stub():
    source = "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n"
    stub = make_student.stub_solution_code(source)
    assert "return 2 * x" not in stub
    assert stub.splitlines() == ["def f(x):", "    " + make_student.STUB]
    namespace = {}
    exec(compile(stub, "stub", "exec"), namespace)
    with pytest.raises(NotImplementedError):
        namespace["f"](1)


def test_unbalanced_markers_are_errors():
    with pytest.raises(ValueError, match="without END"):
        make_student.stub_solution_code("### BEGIN SOLUTION\nx = 1\n")
    with pytest.raises(ValueError, match="without BEGIN"):
        make_student.stub_solution_code("x = 1\n### END SOLUTION\n")


def test_solution_blocks_are_dropped_from_markdown():
    md = ("Intro\n```{exercise} Q\n:label: q\nAsk.\n```\n"
          "````{solution} q\n:class: dropdown\n```python\nsecret = 42\n```\n````\nAfter")
    out = make_student.drop_solution_blocks(md)
    assert "secret" not in out and "{solution}" not in out
    assert "Ask." in out and out.endswith("After")


def test_hidden_answer_checks_of_the_exercises_are_dropped():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["remove-cell"]}),
                nbformat.v4.new_markdown_cell("## Exercises"),
                nbformat.v4.new_code_cell("assert answer == 33",
                                          metadata={"tags": ["remove-cell"]}),
                nbformat.v4.new_code_cell("print(answer)",
                                          metadata={"tags": ["answer", "hide-input"]}),
                nbformat.v4.new_code_cell("check.f(f)", metadata={"tags": ["check"]}),
                nbformat.v4.new_markdown_cell("## Further reading")]
    sources = [c.source for c in make_student.student_notebook(nb).cells]
    assert sources == ["x = 1", "## Exercises", "check.f(f)", "## Further reading"]


def test_autograder_test_cells_are_dropped_anywhere():
    nb = nbformat.v4.new_notebook()
    test = {"nbgrader": {"grade": True, "grade_id": "ex-ch01-f-test", "points": 1}}
    nb.cells = [nbformat.v4.new_code_cell("check.f(f)", metadata={"tags": ["check"]}),
                nbformat.v4.new_code_cell("assert passed", metadata=test)]
    assert [c.source for c in make_student.student_notebook(nb).cells] == ["check.f(f)"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_each_chapter_has_a_clean_student_copy(path):
    nb = nbformat.read(path, as_version=4)
    student = make_student.student_notebook(nbformat.read(path, as_version=4))
    text = nbformat.writes(student)
    assert "BEGIN SOLUTION" not in text and "{solution}" not in text
    solutions = [c for c in student.cells if "solution" in c.metadata.get("tags", [])]
    checks = [c for c in student.cells if "check" in c.metadata.get("tags", [])]
    assert len(checks) == sum("check" in c.metadata.get("tags", []) for c in nb.cells)
    for cell in solutions:
        assert make_student.STUB in cell.source
        compile(cell.source, path.name, "exec")
        assert cell.outputs == []
    assert not any(c.metadata.get("nbgrader", {}).get("grade") for c in student.cells)
