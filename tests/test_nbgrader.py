"""The nbgrader course kit (tools/make_assignments.py).

Each chapter's release notebook gives no answer away, and ``nbgrader autograde`` scores
the untouched release 0 and the release with the reference solutions put back full marks.
Chapters are graded two at a time, each in its own course folder.
"""

import copy
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from tools import make_assignments, student_view

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
pytestmark = pytest.mark.nbgrader


def solution_lines(source):
    """The lines strictly between ### BEGIN SOLUTION and ### END SOLUTION."""
    out, inside = [], False
    for line in source.splitlines():
        if "BEGIN SOLUTION" in line:
            inside = True
        elif "END SOLUTION" in line:
            inside = False
        elif inside:
            out.append(line.strip())
    return out


def graded(nb):
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade")}


def solutions(nb):
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def solved(release, source):
    """The release with the reference solutions put back."""
    nb = copy.deepcopy(release)
    reference = solutions(source)
    for grade_id, cell in solutions(nb).items():
        cell.source = reference[grade_id].source
    return nb


def autograde(course, chapters):
    """Submit each chapter untouched and solved; autograde; {(chapter, student): scores}."""
    from nbgrader.api import Gradebook

    for ident, (name, release, source) in chapters.items():
        for student, nb in (("untouched", release), ("solved", solved(release, source))):
            folder = course / "submitted" / student / ident
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / name)
    make_assignments.nbgrader(course, "autograde", "ch*", "--force")
    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for ident in chapters:
            for student in ("untouched", "solved"):
                submission = gradebook.find_submission(ident, student)
                scores[ident, student] = (submission.score, submission.max_score)
    return scores


@pytest.fixture(scope="module")
def chapters(tmp_path_factory):
    """Release every chapter in one course; autograde in two copies of it side by side."""
    base = tmp_path_factory.mktemp("nbgrader")
    course = make_assignments.make_course(base / "course", NOTEBOOKS)
    results, graded_chapters = {}, {}
    for path in NOTEBOOKS:
        ident = make_assignments.assignment_id(path)
        release = nbformat.read(course / "release" / ident / path.name, as_version=4)
        source = nbformat.read(course / "source" / ident / path.name, as_version=4)
        results[path.name] = {"release": release, "source": source, "scores": {}}
        if graded(source):
            graded_chapters[ident] = (path.name, release, source)
    # two groups of about equal size, biggest notebooks first
    order = sorted(graded_chapters, key=lambda i: -len(nbformat.writes(graded_chapters[i][2])))
    groups = [{i: graded_chapters[i] for i in order[k::2]} for k in range(2)]
    copies = []
    for k, group in enumerate(groups):
        shutil.copytree(course, base / f"grading{k}")
        copies.append((base / f"grading{k}", group))
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    with ThreadPoolExecutor(2) as pool:
        for scores in pool.map(lambda args: autograde(*args), copies):
            for (ident, student), value in scores.items():
                results[graded_chapters[ident][0]]["scores"][student] = value
    yield results
    shutil.rmtree(base, ignore_errors=True)


def test_some_chapter_has_autograded_exercises(chapters):
    assert sum(len(graded(r["source"])) for r in chapters.values()) >= len(NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_release_gives_no_answer_away(chapters, path):
    release = chapters[path.name]["release"]
    text = nbformat.writes(release)
    assert "BEGIN SOLUTION" not in text and "{solution}" not in text
    assert "widgets" not in release.metadata
    for cell in release.cells:
        assert "answer" not in cell.metadata.get("tags", [])
        if cell.cell_type == "code":
            assert cell.outputs == [], f"stored output in release cell {cell.source[:60]!r}"
    book = nbformat.read(path, as_version=4)
    public = "\n".join(  # what the release may show: questions and the chapter's own code
        student_view.drop_solution_blocks(c.source) if c.cell_type == "markdown"
        else c.source for c in book.cells
        if "BEGIN SOLUTION" not in c.source and "answer" not in c.metadata.get("tags", []))
    for cell in book.cells:
        if cell.cell_type == "code" and "BEGIN SOLUTION" in cell.source:
            for line in solution_lines(cell.source):
                if len(line) >= 16 and not line.startswith("#") and line not in public:
                    assert line not in text, f"a solution line leaks into the release: {line!r}"
    # every test cell of the source is in the release, locked, with the same points
    released = graded(release)
    for grade_id, cell in graded(chapters[path.name]["source"]).items():
        assert released[grade_id].metadata["nbgrader"]["locked"]
        assert released[grade_id].metadata["nbgrader"]["points"] == \
            cell.metadata["nbgrader"]["points"]
        assert re.fullmatch(r"ex-ch\d\d-[\w-]+-test(-\d+)?", grade_id)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_autograde_scores_untouched_zero_and_solved_full(chapters, path):
    scores = chapters[path.name]["scores"]
    if not scores:
        pytest.skip(f"{path.name} has no coding exercises")
    score, maximum = scores["untouched"]
    assert maximum > 0
    assert score == 0, f"the untouched release scored {score} of {maximum}"
    score, maximum = scores["solved"]
    assert score == maximum, f"the reference solutions scored {score} of {maximum}"
