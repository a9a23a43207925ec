"""book/instructors.md: its per-chapter inventory is generated from the notebooks."""

from pathlib import Path

import nbformat
import pytest
import yaml

from tools import exercise_inventory as inventory

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def test_every_exercise_has_complete_metadata():
    _, problems = inventory.inventory(NOTEBOOKS)
    assert problems == [], "\n".join(problems)


def test_the_page_is_current():
    section, _ = inventory.inventory(NOTEBOOKS)
    text = inventory.PAGE.read_text()
    assert inventory.render(text, section) == text, \
        "book/instructors.md is stale: run python -m tools.exercise_inventory"


def test_every_exercise_and_chapter_is_on_the_page():
    text = inventory.PAGE.read_text()
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        assert f"`book/{path.name}`" in text
        for exercise in inventory.conventions.exercises(nb, path.name):
            label = exercise["label"]
            assert f"{{ref}}`{label} <{label}>`" in text
        for item in inventory.objectives(nb, path.name):
            assert f"- {item}" in text


def test_the_page_is_in_the_table_of_contents():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert "book/instructors" in files


def chapter_notebook(tmp_path, metadata, text="```{exercise} Q\n:label: ex-ch03-q\nAsk.\n```"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(
                    "# Three\n\n```{admonition} What you will learn\n:class: tip\n"
                    "- one thing;\n- another,\n  on two lines.\n```"),
                nbformat.v4.new_markdown_cell(text, metadata=metadata)]
    path = tmp_path / "03_three.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_chapter_section_lists_objectives_and_exercises(tmp_path):
    meta = {"exercise": {"kind": "pen-and-paper", "difficulty": "easy", "minutes": 10}}
    section, problems = inventory.chapter(chapter_notebook(tmp_path, meta))
    assert problems == []
    assert "### Chapter 3: Three" in section
    assert "- one thing;\n- another, on two lines." in section
    assert "| {ref}`ex-ch03-q <ex-ch03-q>` | pen and paper | easy | 10 | no |" in section
    assert inventory.PREREQUISITES[3] in section


@pytest.mark.parametrize("metadata, problem", [
    ({}, "no `exercise` cell metadata"),
    ({"exercise": {"kind": "essay", "difficulty": "easy", "minutes": 5}}, "kind 'essay'"),
    ({"exercise": {"kind": "coding", "difficulty": "tough", "minutes": 5}}, "difficulty"),
    ({"exercise": {"kind": "coding", "difficulty": "easy"}}, "minutes None"),
    ({"exercise": {"kind": "coding", "difficulty": "easy", "minutes": "5"}}, "minutes '5'"),
])
def test_missing_or_wrong_metadata_is_reported(tmp_path, metadata, problem):
    section, problems = inventory.chapter(chapter_notebook(tmp_path, metadata))
    assert len(problems) == 1 and problem in problems[0]
    assert "ex-ch03-q" in section                    # still listed, with "?"


def test_two_exercises_in_one_cell_are_reported(tmp_path):
    text = ("```{exercise} Q\n:label: ex-ch03-q\nAsk.\n```\n\n"
            "```{exercise} R\n:label: ex-ch03-r\nAsk.\n```")
    meta = {"exercise": {"kind": "conceptual", "difficulty": "easy", "minutes": 5}}
    _, problems = inventory.chapter(chapter_notebook(tmp_path, meta, text))
    assert any("shares its markdown cell" in p for p in problems)


def test_check_mode_fails_on_a_stale_page(tmp_path):
    meta = {"exercise": {"kind": "conceptual", "difficulty": "easy", "minutes": 5}}
    path = chapter_notebook(tmp_path, meta)
    page = tmp_path / "page.md"
    page.write_text(f"# Page\n\n{inventory.BEGIN}\nold\n{inventory.END}\nafter\n")
    args = ["--page", str(page), str(path)]
    assert inventory.main(["--check", *args]) == 1
    assert inventory.main(args) == 0
    assert inventory.main(["--check", *args]) == 0
    assert page.read_text().endswith(f"{inventory.END}\nafter\n")
