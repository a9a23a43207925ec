"""The repository as contributors and Binder find it: licences, packaging, Binder's files."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
READER = ("numpy", "matplotlib", "ipywidgets")


def requirement_lines(path):
    """{name: specifier} of the named requirements in a pip requirements file."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        match = re.match(r"([A-Za-z0-9_.-]+)\s*([<>=!~].*)?$", line)
        if match and not line.startswith(("-", ".")):
            found[match.group(1).lower()] = (match.group(2) or "").replace(" ", "")
    return found


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_both_licences_are_there_and_named_in_the_package_and_readme():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    text = (ROOT / "LICENSE-TEXT").read_text()
    assert text.startswith("Attribution 4.0 International")
    assert all(f"Section {n} --" in text for n in range(1, 9))   # the full legal code
    project = pyproject()["project"]
    assert project["license"] == "MIT"
    assert {"LICENSE", "LICENSE-TEXT"} <= set(project["license-files"])
    for path in project["license-files"]:
        assert (ROOT / path).is_file(), f"pyproject.toml license-files: no {path}"
    readme = (ROOT / "README.md").read_text()
    assert "`LICENSE`" in readme and "`LICENSE-TEXT`" in readme and "CC BY 4.0" in readme


def test_the_version_is_written_once():
    project = pyproject()["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert pyproject()["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "backprop.__version__"}
    init = (ROOT / "lib" / "backprop" / "__init__.py").read_text()
    assert len(re.findall(r"^__version__ = ", init, re.M)) == 1


def test_the_distribution_name_is_not_the_unrelated_backprop():
    assert pyproject()["project"]["name"] == "backprop-book"
    readme = (ROOT / "README.md").read_text()
    assert "backprop-book @ git+" in readme


def test_binder_installs_only_what_a_reader_needs_at_the_tested_versions():
    binder = requirement_lines(ROOT / "binder" / "requirements.txt")
    pins = requirement_lines(ROOT / "requirements.txt")
    assert set(binder) == set(READER), "Binder: the reader's packages, nothing else"
    for name in READER:
        assert binder[name] == pins[name], f"{name}: binder/ and requirements.txt differ"
    lines = [line.split("#")[0].strip()
             for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines()]
    assert "." in lines                                      # the package, from the repo
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    assert not (ROOT / "runtime.txt").exists(), "repo2docker reads binder/ only, if it exists"


def test_requirements_install_the_package_with_every_extra():
    extras = set(pyproject()["project"]["optional-dependencies"])
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    (editable,) = [line for line in lines if line.startswith("-e .")]
    assert set(re.search(r"\[(.*)\]", editable).group(1).split(",")) == extras


@pytest.mark.parametrize("package", ["jupyter-book", "sphinx", "myst-nb", "sphinx-book-theme",
                                     "pydata-sphinx-theme", "sphinx-thebe", "sphinx-exercise"])
def test_the_build_toolchain_that_tools_site_reaches_into_is_pinned_exactly(package):
    docs = pyproject()["project"]["optional-dependencies"]["docs"]
    pins = [d for d in docs if re.match(rf"{re.escape(package)}\s*==", d, re.I)]
    assert pins, f"{package} is not pinned with == in the docs extra"


GENERATED = ("_build", "_vendor", ".venv", "_static", "release", "source", "submitted")


@pytest.mark.parametrize("doc", ["README.md", "CONTRIBUTING.md"])  # (THIRD_PARTY.md names
# paths inside npm packages)
def test_every_file_the_docs_name_exists(doc):
    text = (ROOT / doc).read_text()
    assert "../" not in text, f"{doc} points outside the repository"
    named = set(re.findall(r"`([\w.-]+(?:/[\w.-]+)*/?)`", text))
    paths = {n for n in named
             if ("/" in n or re.search(r"\.(py|md|txt|toml|yml|cfg|sh|ipynb|bib)$", n))
             and not n.startswith(GENERATED) and "." not in n.split("/")[0][:1]
             and not re.match(r"[\w-]+\.[\w.]+\(", n)}
    paths = {p for p in paths  # chNN: a placeholder
             if not p.startswith(("http", "tools.", "backprop.")) and "NN" not in p}
    missing = sorted(p for p in paths if not (ROOT / p).exists()
                     and not (ROOT / "book" / p).exists())
    assert not missing, f"{doc} names files that do not exist: {missing}"


def test_readme_points_to_the_contributor_guide():
    assert "CONTRIBUTING.md" in (ROOT / "README.md").read_text()
