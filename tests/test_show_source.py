"""backprop.show_source lists library code in the chapters; what it lists stays short."""

import ast
import inspect
import json
import re
from pathlib import Path

import pytest
from IPython.display import Markdown

import backprop
from backprop import Value, activations, classic, losses, nn, optim

BOOK = Path(__file__).parents[1] / "book"
LONGEST = 30  # lines: a listing longer than this is no longer read on the page
NAMES = {"Value": Value, "nn": nn, "optim": optim, "losses": losses, "activations": activations,
         "classic": classic}


def _listed():
    """(notebook, expression) for every object a chapter lists with show_source or getsource."""
    found = []
    for path in sorted(BOOK.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] != "code" or "def show_source" in source:
                continue
            for call in re.finditer(r"(?:show_source|getsource)\(([^()]*)\)", source):
                found += [(path.name, arg.strip()) for arg in call.group(1).split(",")
                          if arg.strip()]
    return found


def _resolve(expression):
    node = ast.parse(expression, mode="eval").body
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    obj = NAMES[node.id]
    for part in reversed(parts):
        obj = getattr(obj, part)
    return obj


def test_show_source_displays_the_highlighted_source(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    backprop.show_source(Value.__add__, nn.Dense.backward)
    (markdown,) = shown
    assert isinstance(markdown, Markdown)
    text = markdown.data
    assert text.startswith("```python\ndef __add__(self, other):") and text.endswith("\n```")
    assert "\n\ndef backward(self, grad_a, need_grad_input=True):" in text
    assert "\n    self.db = self.delta.sum(axis=0)" in text  # dedented one level, as written


def test_the_chapters_list_library_code():
    listed = {name for name, _ in _listed()}
    assert {"05_backprop_graphs.ipynb", "06_backprop_matrix.ipynb"} <= listed


@pytest.mark.parametrize("notebook, expression", _listed())
def test_every_listed_function_stays_short(notebook, expression):
    obj = _resolve(expression)
    if inspect.isclass(obj):  # a whole class: chapter 5 lists Value's methods one by one
        return
    lines = len(inspect.getsource(obj).splitlines())
    assert lines <= LONGEST, f"{notebook} lists {expression}: {lines} lines"
