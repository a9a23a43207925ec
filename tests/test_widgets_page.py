"""The explorers' web-page form (backprop.widgets.page): frames are the update's own output."""

import importlib
import inspect
import io

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

from backprop import widgets
from backprop.widgets import page
from test_widgets import EXPLORERS


def _toy(a=0.0, b="x", *, canvases=None):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2, 1))
    fig.add_subplot().set_title(f"a {a} b {b}")
    return fig, f"a = {a}"


def test_steps_print_as_typed():
    assert page.steps(-1.0, 1.0, 0.5) == (-1.0, -0.5, 0.0, 0.5, 1.0)
    assert page.steps(0.1, 1.9, 0.1)[-1] == 1.9 and len(page.steps(0.1, 1.9, 0.1)) == 19


def test_controls_refuse_what_cannot_be_shown():
    with pytest.raises(ValueError, match="at least 2 values"):
        page.Control("a", "a", (1.0,))
    with pytest.raises(ValueError, match="starts at 3.0, not one of its values"):
        page.Control("a", "a", (1.0, 2.0), start=3.0)
    with pytest.raises(ValueError, match="2 labels for 3 values"):
        page.Control("a", "a", (1, 2, 3), shown=("one", "two"))
    control = page.Control("a", "a", np.array([0.5, 1.0]), start=1.0)
    assert control.values == (0.5, 1.0) and type(control.values[0]) is float
    assert control.shown == ("0.5", "1")
    with pytest.raises(ValueError, match="one or two controls"):
        page.PageView(_toy, [control] * 3)


def test_frames_run_in_c_order_with_alt_text_and_numbers():
    view = page.PageView(_toy, [page.Control("a", "first", (1.0, 2.0)),
                                page.Control("b", "second", ("x", "y", "z"), start="y")],
                         title="Toy")
    assert view.shape == (2, 3) and page.start_index(view) == 1
    frames = page.frames(view)
    assert [f.values for f in frames[:2]] == [{"a": 1.0, "b": "x"}, {"a": 1.0, "b": "y"}]
    assert frames[4].numbers == "a = 2.0"
    assert frames[4].alt == "Toy, first = 2, second = y. a = 2.0"
    assert frames[0].png.startswith(b"\x89PNG")
    with pytest.raises(IndexError, match=r"frame \(2, 0\) is outside the grid \(2, 3\)"):
        page.frame(view, (2, 0))


def test_numbers_default_to_the_panel_titles():
    view = page.PageView(lambda a: _toy(a)[0], [page.Control("a", "a", (1.0, 2.0))])
    assert page.frame(view, (1,)).numbers == "a 2.0 b x"


def _view(name):
    return importlib.import_module(f"backprop.widgets.{name}").page_view()


@pytest.fixture(scope="module")
def views():
    return {}


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_explorer_has_a_page_form_drawn_by_its_update(name, views):
    view = views.setdefault(name, _view(name))
    parameters = inspect.signature(view.update).parameters
    any_keyword = any(p.kind is p.VAR_KEYWORD for p in parameters.values())
    for control in view.controls:
        assert control.name in parameters or any_keyword, (name, control.name)
    assert view.notebook_only, f"{name}: say which controls need the notebook"
    index = tuple(c.values.index(c.start) for c in view.controls)
    shown = page.frame(view, index, widgets.Canvases())
    # the same values through the update itself, drawn as the live explorer draws them
    canvases = widgets.Canvases()
    takes = {"canvases": canvases} if "canvases" in parameters else {}
    result = view.update(**view.fixed, **shown.values, **takes)
    parts = result if isinstance(result, tuple) else (result,)
    fig = next(p for p in parts if isinstance(p, Figure))
    own = widgets._png_bytes(fig, canvases.find(fig) if takes else None)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(own))),
                          np.asarray(Image.open(io.BytesIO(shown.png))))
    assert shown.numbers and shown.numbers in shown.alt


@pytest.mark.parametrize("name", ["neuron", "network", "brain"])
def test_a_page_form_changes_with_its_control(name, views):
    view = views.setdefault(name, _view(name))
    first, last = (page.frame(view, tuple(i for _ in view.controls), widgets.Canvases())
                   for i in (0, 1))
    assert first.png != last.png and first.alt != last.alt


def test_every_explorer_is_marked_once_on_its_own_cell():
    """A notebook cell's metadata "page_explorer" puts that explorer's page form where the
    cell's widget would show (tools/site/page_explorers.py)."""
    import json
    from pathlib import Path

    marked = {}
    for path in sorted((Path(__file__).parents[1] / "book").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            name = cell["metadata"].get("page_explorer")
            if name:
                assert name not in marked, f"{name} marked in {marked[name]} and {path.name}"
                marked[name] = path.name
                # the cell builds that explorer: it names its module
                assert f"{name}." in cell["source"] or f"{name}_widget." in cell["source"], (
                    path.name, name, cell["source"][:80])
    assert sorted(marked) == EXPLORERS


def test_the_instructors_table_counts_each_page_forms_pictures():
    """The table of what moves on the web page (instructors page and README) gives each
    explorer's number of pictures: checked against the page views."""
    import json
    import re
    from pathlib import Path

    root = Path(__file__).parents[1]
    chapters = {}
    for path in sorted((root / "book").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["metadata"].get("page_explorer"):
                chapters[int(path.name[:2])] = cell["metadata"]["page_explorer"]
    shapes = {chapter: importlib.import_module(f"backprop.widgets.{name}").page_view().shape
              for chapter, name in chapters.items()}
    for document in (root / "book" / "instructors.md", root / "README.md"):
        row = r"^\| (\d+) \| [^|]+ \| [^|]*\((\d+)(?: × (\d+))?"     # chapter, counts
        rows = re.findall(row, document.read_text(), re.M)
        assert sorted(int(r[0]) for r in rows) == sorted(chapters), document.name
        for chapter, first, second in rows:
            counts = (int(first), int(second)) if second else (int(first),)
            assert shapes[int(chapter)] == counts, (document.name, chapter)
