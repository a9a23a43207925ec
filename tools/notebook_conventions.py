"""Apply the book's notebook conventions to chapter notebooks (idempotent).

    python -m tools.notebook_conventions book/[0-9]*.ipynb          # rewrite in place
    python -m tools.notebook_conventions --check book/[0-9]*.ipynb  # exit 1 if one would change

1. Cell 0 is the hidden (``remove-cell``) Colab cell that installs the library from the
   repository named once, in ``_config.yml`` (``repository.url`` and ``branch``).
2. Right after the chapter's title cell, a visible cell prints the versions that matter
   (``backprop.versions()``), tagged ``nbval-ignore-output``: a new patch release changes
   the line, not the lesson.
3. Every coding exercise gets nbgrader cell metadata. A coding exercise is a markdown cell
   with one ``{exercise}`` directive (``:label: ex-chNN-...``), then code cells tagged
   ``solution`` (answer between ``### BEGIN SOLUTION`` / ``### END SOLUTION``) and
   ``check`` (calls ``check.chNN.name(fn)``, which prints a hint and returns 1 or 0).
   The solution cell becomes an nbgrader solution cell, the check cell a locked cell,
   and a hidden (``remove-cell``) test cell after it, worth points by difficulty, asserts
   that the self-check passes without printing anything. The ``grade_id`` s derive from
   the label, so they stay stable when cells move.

``tools/run_notebooks.py`` applies this before it executes a notebook.
"""

import argparse
import ast
import copy
import json
import re
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
# The distribution's name (pyproject.toml); "backprop" on the package index is another project.
# The import name stays `backprop`.
DISTRIBUTION = "backprop-book"
KINDS = ("pen-and-paper", "conceptual", "coding")
DIFFICULTIES = ("easy", "medium", "hard")
POINTS = {"easy": 1, "medium": 2, "hard": 3}
EXERCISE = re.compile(r"^\s*(`{3,}|:{3,})\{exercise\}")
LABEL = re.compile(r"^\s*:label:\s*(\S+)")
TEST_MARK = "# Autograded test (nbgrader)"
VERSIONS_SOURCE = ("import backprop\n\n"
                   "print(backprop.versions())  # quote this line when you report a problem")


class ConventionError(ValueError):
    """A notebook breaks the exercise pattern in a way no tool can repair."""


def repository(config=ROOT / "_config.yml"):
    """(url, branch) of the book's repository, from _config.yml."""
    repo = yaml.safe_load(Path(config).read_text()).get("repository", {})
    url = str(repo.get("url", "")).rstrip("/")
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url):
        raise ConventionError(f"_config.yml repository.url should be https://github.com/OWNER/"
                              f"REPO, got {url!r}")
    return url, str(repo.get("branch", "main"))


def colab_source(url, branch):
    return ("# Colab: install the book's library (elsewhere this does nothing).\n"
            "import sys\n\n"
            'if "google.colab" in sys.modules:\n'
            f'    %pip install -q "{DISTRIBUTION} @ git+{url}@{branch}"')


# ---- reading the exercises -------------------------------------------------------------

def exercise_labels(markdown):
    """Labels of the {exercise} directives in a markdown cell, in order."""
    labels, lines = [], markdown.splitlines()
    for i, line in enumerate(lines):
        if EXERCISE.match(line):
            label = next((m.group(1) for m in map(LABEL.match, lines[i + 1:i + 6]) if m), None)
            labels.append(label)
    return labels


def _tags(cell):
    return set(cell.metadata.get("tags", []))


def _is_test(cell):
    return cell.cell_type == "code" and cell.source.startswith(TEST_MARK)


def exercises(nb, name="notebook"):
    """Each exercise, in order: dict(label, cell, metadata, solutions, checks).

    ``solutions`` and ``checks`` are the code cells tagged ``solution`` (not hidden) and
    ``check`` that follow the exercise's markdown cell, before the next exercise.
    """
    found, current = [], None
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            for label in exercise_labels(cell.source):
                if label is None:
                    raise ConventionError(f"{name}, cell {index}: an {{exercise}} without "
                                          f":label:")
                current = {"label": label, "cell": index,
                           "metadata": cell.metadata.get("exercise"),
                           "directives": len(exercise_labels(cell.source)),
                           "solutions": [], "checks": []}
                found.append(current)
        elif cell.cell_type == "code":
            tags = _tags(cell)
            role = ("solutions" if "solution" in tags and "remove-cell" not in tags
                    else "checks" if "check" in tags else None)
            if role:
                if current is None:
                    raise ConventionError(f"{name}, cell {index}: a {role[:-1]} cell before "
                                          f"any {{exercise}}")
                current[role].append(index)
    labels = [e["label"] for e in found]
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        raise ConventionError(f"{name}: exercise labels used twice: {', '.join(duplicates)}")
    return found


def check_calls(source, where):
    """The source of each top-level ``check.<...>(...)`` call in a check cell."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise ConventionError(f"{where}: the check cell is not plain Python ({error})") from None
    calls = []
    for statement in tree.body:
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            if ast.unparse(statement.value.func).startswith("check."):
                calls.append(ast.get_source_segment(source, statement.value))
    if not calls:
        raise ConventionError(f"{where}: the check cell calls no backprop.check self-check")
    return calls


def test_source(label, calls):
    result = calls[0] if len(calls) == 1 else "all([" + ", ".join(calls) + "])"
    return (f"{TEST_MARK}, hidden in the book: passes when the self-check above does.\n"
            "import contextlib\nimport io\n\nfrom backprop import check\n\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    passed = {result}\n"
            f'assert passed, "{label}: the self-check above does not pass yet"')


def _nbgrader(grade_id, *, solution=False, grade=False, locked=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def _suffix(i):
    return "" if i == 0 else f"-{i + 1}"


# ---- applying the conventions ----------------------------------------------------------

def apply(nb, url, branch, name="notebook"):
    """Apply the conventions to ``nb`` in place and return it."""
    _colab_cell(nb, url, branch)
    _versions_cell(nb)
    _grading(nb, name)
    return nb


def _colab_cell(nb, url, branch):
    first = nb.cells[0] if nb.cells else None
    if not (first and first.cell_type == "code" and first.source.startswith("# Colab:")):
        first = nbformat.v4.new_code_cell()
        first.id = "colab-install"
        nb.cells.insert(0, first)
    first.source = colab_source(url, branch)
    first.metadata["tags"] = ["remove-cell"]


def _versions_cell(nb):
    existing = [c for c in nb.cells if c.cell_type == "code" and "backprop.versions()" in c.source]
    for cell in existing:
        nb.cells.remove(cell)
    cell = existing[0] if existing else nbformat.v4.new_code_cell(id="versions")
    cell.source = VERSIONS_SOURCE
    cell.metadata["tags"] = ["nbval-ignore-output"]
    title = next((i for i, c in enumerate(nb.cells)
                  if c.cell_type == "markdown" and c.source.startswith("# ")), 0)
    nb.cells.insert(title + 1, cell)


def _grading(nb, name):
    for cell in nb.cells:  # rebuilt below; test cells keep their place (and outputs)
        cell.metadata.pop("nbgrader", None)
    inserts = []
    for exercise in exercises(nb, name):
        label, meta = exercise["label"], exercise["metadata"] or {}
        where = f"{name}, exercise {label}"
        coding = exercise["solutions"] or exercise["checks"]
        if meta.get("kind") == "coding" and not coding:
            raise ConventionError(f"{where}: kind 'coding' but no `solution`/`check` cells")
        if not coding:
            continue
        if meta.get("kind", "coding") != "coding":
            raise ConventionError(f"{where}: has solution/check cells but kind "
                                  f"{meta.get('kind')!r}, not 'coding'")
        if not exercise["solutions"] or not exercise["checks"]:
            raise ConventionError(f"{where}: a coding exercise needs a `solution` cell and "
                                  f"a `check` cell")
        for i, index in enumerate(exercise["solutions"]):
            cell = nb.cells[index]
            if "### BEGIN SOLUTION" not in cell.source or "### END SOLUTION" not in cell.source:
                raise ConventionError(f"{where}: the solution cell has no ### BEGIN SOLUTION"
                                      f" / ### END SOLUTION lines")
            cell.metadata["nbgrader"] = _nbgrader(f"{label}-solution{_suffix(i)}",
                                                  solution=True)
        for i, index in enumerate(exercise["checks"]):
            cell = nb.cells[index]
            cell.metadata["nbgrader"] = _nbgrader(f"{label}-check{_suffix(i)}", locked=True)
            test = _nbgrader(f"{label}-test{_suffix(i)}", grade=True, locked=True,
                             points=POINTS.get(meta.get("difficulty"), 1))
            inserts.append((index, test, test_source(label, check_calls(cell.source, where))))
    for index, meta, source in sorted(inserts, key=lambda t: t[0], reverse=True):
        following = nb.cells[index + 1] if index + 1 < len(nb.cells) else None
        if following is not None and _is_test(following):
            cell = following
        else:
            cell = nbformat.v4.new_code_cell(id=meta["grade_id"][:64])
            nb.cells.insert(index + 1, cell)
        cell.source = source
        cell.metadata["tags"] = ["remove-cell"]
        cell.metadata["nbgrader"] = meta
    stale = [i for i, c in enumerate(nb.cells) if _is_test(c) and "nbgrader" not in c.metadata]
    for i in reversed(stale):  # a test cell whose check cell is gone
        del nb.cells[i]


# ---- command line ----------------------------------------------------------------------

def read(path):
    return nbformat.read(path, as_version=4)


def write(nb, path):
    """Write a notebook the one way the repository stores them (sorted keys, one-space
    indent; tools/run_notebooks.py writes through this too)."""
    nbformat.validate(nb)
    Path(path).write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n")


def differences(before, after):
    """Short descriptions of how two notebooks differ (empty if they are equal)."""
    if before == after:
        return []
    b, a = before.cells, after.cells
    if len(b) != len(a):
        return [f"{len(a) - len(b):+d} cells"]
    out = []
    for i, (old, new) in enumerate(zip(b, a)):
        if old != new:
            keys = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
            out.append(f"cell {i}: {', '.join(keys)}")
    return out or ["notebook metadata"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a notebook does not conform")
    args = parser.parse_args(argv)
    url, branch = repository()
    failed = False
    for path in args.notebooks:
        nb = read(path)
        try:
            fixed = apply(copy.deepcopy(nb), url, branch, path.name)
        except ConventionError as error:
            print(f"{path}: {error}", file=sys.stderr)
            failed = True
            continue
        changes = differences(nb, fixed)
        if args.check:
            if changes:
                print(f"{path}: does not follow the conventions ({'; '.join(changes[:5])}); "
                      f"run python -m tools.notebook_conventions {path}", file=sys.stderr)
                failed = True
        elif changes:
            write(fixed, path)
            print(f"{path}: conventions applied", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
