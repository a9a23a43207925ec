"""tools/notebook_conventions.py: the Colab cell, the versions line and nbgrader metadata.

The chapter notebooks must already follow the conventions (the tool changes nothing),
and the repository's address is written in one place, _config.yml.
"""

import contextlib
import copy
import io
import re
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml

import backprop
from backprop.check import Verdict
from tools import notebook_conventions as conventions

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
URL, BRANCH = conventions.repository()


def exercise_notebook(kind="coding", check="check.ch01.f(f)"):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook()
    nb.cells = [md("# Title\n\nIntro."),
                code("import numpy as np"),
                md("## Exercises\n\n```{exercise} Double\n:label: ex-ch01-double\nWrite f.\n```",
                   metadata={"exercise": {"kind": kind, "difficulty": "medium", "minutes": 5}}),
                code("def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION",
                     metadata={"tags": ["solution", "hide-input"]}),
                code(check, metadata={"tags": ["check"]}),
                md("```{solution} ex-ch01-double\n:class: dropdown\n`2 * x`\n```")]
    return nb


def applied(nb):
    return conventions.apply(nb, URL, BRANCH, "test.ipynb")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_chapter_follows_the_conventions(path):
    nb = nbformat.read(path, as_version=4)
    changes = conventions.differences(nb, applied(copy.deepcopy(nb)))
    assert not changes, (f"{path.name} does not follow the conventions ({'; '.join(changes)}):"
                         f" run python -m tools.notebook_conventions {path.relative_to(ROOT)}")


def test_apply_adds_the_cells_once_and_is_idempotent():
    nb = applied(exercise_notebook())
    once = copy.deepcopy(nb)
    assert conventions.differences(once, applied(nb)) == []
    sources = [c.source for c in nb.cells]
    assert sources[0] == conventions.colab_source(URL, BRANCH)
    assert nb.cells[0].metadata["tags"] == ["remove-cell"]
    assert sources[1].startswith("# Title")
    assert "backprop.versions()" in sources[2]             # right after the title
    assert nb.cells[2].metadata["tags"] == ["nbval-ignore-output"]
    assert sum("backprop.versions()" in s for s in sources) == 1
    meta = {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]
            for c in nb.cells if "nbgrader" in c.metadata}
    assert meta["ex-ch01-double-solution"]["solution"] is True
    assert meta["ex-ch01-double-check"]["locked"] is True
    test = meta["ex-ch01-double-test"]
    assert test["grade"] is True and test["points"] == conventions.POINTS["medium"]
    test_cell = nb.cells[7]                                # right after the check cell
    assert "check" in nb.cells[6].metadata["tags"]
    assert test_cell.metadata["tags"] == ["remove-cell"]
    assert test_cell.metadata["nbgrader"] is test
    nbformat.validate(nb)


def test_grade_ids_follow_the_label_not_the_position():
    nb = exercise_notebook()
    nb.cells.insert(1, nbformat.v4.new_markdown_cell("More text."))
    ids = [c.metadata["nbgrader"]["grade_id"] for c in applied(nb).cells
           if "nbgrader" in c.metadata]
    assert ids == ["ex-ch01-double-solution", "ex-ch01-double-check", "ex-ch01-double-test"]


def test_stale_metadata_and_test_cells_are_removed():
    nb = applied(exercise_notebook())
    nb.cells[5].metadata["tags"] = []                       # no longer a solution cell ...
    nb.cells[6].metadata["tags"] = []                       # ... nor a check cell
    nb.cells[4].metadata["exercise"]["kind"] = "conceptual"
    out = applied(nb)
    assert not any("nbgrader" in c.metadata for c in out.cells)
    assert not any(c.source.startswith(conventions.TEST_MARK) for c in out.cells)


def run_test_cell(nb, verdict):
    """Execute the generated test cell with a check that returns `verdict`; its stdout."""
    source = next(c.source for c in nb.cells if c.source.startswith(conventions.TEST_MARK))
    source = source.replace("from backprop import check\n", "")

    class Checks:
        @staticmethod
        def f(fn):
            print("❌ f: a hint")
            return Verdict(verdict)

    namespace = {"check": type("check", (), {"ch01": Checks}), "f": lambda x: x}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "test-cell", "exec"), namespace)
    return out.getvalue()


def test_the_test_cell_fails_exactly_when_the_check_fails_and_prints_nothing():
    nb = applied(exercise_notebook())
    assert run_test_cell(nb, 1) == ""
    with pytest.raises(AssertionError, match="ex-ch01-double: the self-check above does not"):
        run_test_cell(nb, 0)


@pytest.mark.parametrize("change, message", [
    (lambda nb: nb.cells[2].metadata["exercise"].update(kind="pen-and-paper"), "not 'coding'"),
    (lambda nb: nb.cells.pop(4), "needs a `solution` cell and a `check` cell"),
    (lambda nb: setattr(nb.cells[3], "source", "def f(x):\n    return 2 * x"),
     "no ### BEGIN SOLUTION"),
    (lambda nb: setattr(nb.cells[4], "source", "print(f(2))"), "calls no backprop.check"),
    (lambda nb: nb.cells.insert(1, nb.cells[4].copy()), "before any {exercise}"),
    (lambda nb: nb.cells.append(nb.cells[2].copy()), "labels used twice"),
    (lambda nb: [nb.cells.pop(3), nb.cells.pop(3)], "kind 'coding' but no"),
])
def test_broken_exercise_patterns_are_named(change, message):
    nb = exercise_notebook()
    change(nb)
    with pytest.raises(conventions.ConventionError, match=re.escape(message)):
        applied(nb)


def test_check_mode_reports_and_leaves_the_file(tmp_path, capsys):
    path = tmp_path / "01_x.ipynb"
    nbformat.write(exercise_notebook(), path)
    before = path.read_text()
    assert conventions.main(["--check", str(path)]) == 1
    assert path.read_text() == before
    assert "does not follow the conventions" in capsys.readouterr().err
    assert conventions.main([str(path)]) == 0
    assert conventions.main(["--check", str(path)]) == 0


def test_colab_installs_the_books_distribution_not_the_unrelated_backprop():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert conventions.DISTRIBUTION == project["name"] == "backprop-book"
    source = conventions.colab_source(URL, BRANCH)
    assert f'%pip install -q "backprop-book @ git+{URL}@{BRANCH}"' in source
    assert '"backprop @' not in source


def test_versions_line_names_what_matters():
    line = backprop.versions()
    assert "\n" not in line
    import matplotlib
    import numpy

    for part in ("Python ", f"NumPy {numpy.__version__}", f"Matplotlib {matplotlib.__version__}",
                 "ipywidgets ", f"backprop {backprop.__version__}"):
        assert part in line


def test_the_repository_address_is_set_once_in_config():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["repository"]["url"] == URL
    # the launch buttons are made by Jupyter Book from repository.url and branch
    assert config["launch_buttons"]["binderhub_url"] and config["launch_buttons"]["colab_url"]
    assert config["html"]["use_repository_button"]
    assert f"git+{URL}@{BRANCH}" in conventions.colab_source(URL, BRANCH)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert set(project["urls"].values()) == {URL}, "pyproject.toml [project.urls] disagree"
    owner_repo = URL.removeprefix("https://github.com/")
    readme = (ROOT / "README.md").read_text()
    found = set(re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", readme))
    found |= {f"https://github.com/{m}" for m in
              re.findall(r"mybinder\.org/v2/gh/([\w.-]+/[\w.-]+)/", readme)}
    assert found == {URL}, f"README names another repository than {owner_repo}"
