"""Shared widget helpers: figures into Output widgets, sliders, live wiring, lazy explorers."""

import importlib.util
import io
import pkgutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from backprop import plots, widgets  # noqa: E402

ipywidgets = pytest.importorskip("ipywidgets")


def test_show_replaces_outputs_with_a_png_and_skips_numbers():
    out = ipywidgets.Output()
    out.append_stdout("old\n")
    fig, ax = plots.figure()
    ax.plot([0, 1])
    widgets.show(out, (fig, {"loss": 0.5}, "a note"))
    kinds = [o["output_type"] for o in out.outputs]
    assert kinds == ["display_data", "stream"]
    assert out.outputs[0]["data"]["text/html"].startswith('<img src="data:image/png;base64,')
    assert out.outputs[1]["text"] == "a note\n"


def test_shown_pictures_carry_alt_text_from_the_titles():
    out = ipywidgets.Output()
    fig, (left, right) = plots.figure(1, 2)
    left.set_title("loss 0.25")
    right.set_title('a "quoted" <panel>')
    widgets.show(out, fig, title="Demo explorer")
    html = out.outputs[0]["data"]["text/html"]
    assert 'alt="Demo explorer. loss 0.25. a &quot;quoted&quot; &lt;panel&gt;"' in html


def _pixels(png):
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def test_blitted_updates_match_a_full_draw():
    fig, ax = plots.figure()
    widgets.fixed_layout(fig, left=0.1, right=0.95, bottom=0.1, top=0.9)
    ax.set(xlim=(0, 1), ylim=(0, 1))
    (line,) = ax.plot([0, 1], [0, 0.2], animated=True)
    title = ax.set_title("first", animated=True)
    widgets._png_bytes(fig)  # the first show saves the still picture
    line.set_ydata([0, 0.9])
    title.set_text("second")
    blitted = _pixels(widgets._png_bytes(fig))
    full = io.BytesIO()
    fig.savefig(full, format="png", dpi=fig.dpi)  # draws every artist
    full = _pixels(full.getvalue())
    assert blitted.shape == full.shape
    # the same picture, except where the moving line meets the frame: blitted, the line is
    # drawn over the axes' spines rather than under them
    differ = np.abs(blitted - full).max(axis=2) > 2
    assert differ.sum() < 1e-4 * differ.size


def test_redraw_still_picks_up_changes_to_still_parts():
    fig, ax = plots.figure()
    widgets.fixed_layout(fig, left=0.1, right=0.95, bottom=0.1, top=0.9)
    ax.plot([0, 1], animated=True)
    canvas = widgets.Canvas(fig)
    before = _pixels(widgets._png_bytes(fig, canvas))
    assert canvas.still is not None and not hasattr(fig, "still_picture")  # kept by the canvas
    ax.set_facecolor("black")
    assert np.array_equal(_pixels(widgets._png_bytes(fig, canvas)), before)  # the saved picture
    canvas.redraw_still()
    assert not np.array_equal(_pixels(widgets._png_bytes(fig, canvas)), before)


def test_canvases_belong_to_one_explorer_and_keep_the_latest():
    built = []

    def build(key):
        fig, _ = plots.figure()
        built.append(key)
        return widgets.Canvas(fig)

    mine, yours = widgets.Canvases(keep=2), widgets.Canvases(keep=2)
    a = mine.get("a", lambda: build("a"))
    assert mine.get("a", lambda: build("a")) is a and built == ["a"]
    assert yours.get("a", lambda: build("a")) is not a      # two explorers, two figures
    mine.get("b", lambda: build("b"))
    mine.get("a", lambda: build("a"))                       # a is the most recent again
    mine.get("c", lambda: build("c"))                       # so b is forgotten
    assert mine.find(a.fig) is a and built == ["a", "a", "b", "c"]
    assert mine.get("b", lambda: build("b")) is not None and built[-1] == "b"
    assert widgets.canvas(None, "a", lambda: build("a")) is not a  # no Canvases: a fresh one


def test_show_closes_pyplot_figures():
    fig = plt.figure()
    widgets.show(ipywidgets.Output(), fig)
    assert fig.number not in plt.get_fignums()


def test_show_error_gives_type_and_message():
    out = ipywidgets.Output()
    widgets.show_error(out, ValueError("w must be small"))
    assert out.outputs == ({"output_type": "stream", "name": "stderr",
                            "text": "ValueError: w must be small\n"},)


def test_slider_and_dropdown_defaults():
    s = widgets.slider("η", 0.5, 0.0, 1.0, step=0.05)
    assert s.continuous_update and s.readout_format == ".2f" and s.value == 0.5
    assert widgets.slider("n", 3, 0, 10, step=1).readout_format == ".0f"
    d = widgets.dropdown("data", [("Moons", "moons"), ("XOR", "xor")])
    assert d.value == "moons"


def test_explorer_draws_at_once_updates_live_and_shows_later_errors():
    calls = []

    def update(w, data):
        calls.append((w, data))
        if w > 0.9:
            raise ValueError("w too large")
        fig, ax = plots.figure()
        ax.plot([0, 1], [0, w])
        return fig

    controls = {"w": widgets.slider("w", 0.1, 0.0, 1.0), "data": widgets.dropdown("data", ["a"])}
    box = widgets.explorer(update, controls, title="demo")
    out = box.children[-1]
    assert calls == [(0.1, "a")] and out.outputs[0]["output_type"] == "display_data"
    controls["w"].value = 0.5
    assert calls[-1] == (0.5, "a") and out.outputs[0]["output_type"] == "display_data"
    controls["w"].value = 1.0
    assert out.outputs[0]["text"] == "ValueError: w too large\n"


def test_explorer_raises_if_the_first_picture_fails():
    def broken(w):
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError, match="bug"):
        widgets.explorer(broken, {"w": widgets.slider("w", 0.0, 0.0, 1.0)})


def test_explorer_modules_load_lazily():
    assert widgets.neuron.__name__ == "backprop.widgets.neuron"
    with pytest.raises(AttributeError):
        widgets.no_such_explorer  # noqa: B018


def test_fixed_layout_survives_savefig():
    fig, ax = plots.figure()
    widgets.fixed_layout(fig, left=0.2, right=0.9)
    fig.savefig(io.BytesIO(), format="png")
    fig.savefig(io.BytesIO(), format="png")  # a second save must not re-run a layout
    assert ax.get_position().x0 == pytest.approx(0.2)


def _bench_widgets():
    path = Path(__file__).parents[1] / "benchmarks" / "bench_widgets.py"
    spec = importlib.util.spec_from_file_location("bench_widgets", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# not explorers: the chain-rule explorer's parser, and the explorers' web-page form
EXPLORERS = sorted(m.name for m in pkgutil.iter_modules(widgets.__path__)
                   if m.name not in ("expression", "page"))


def test_the_widget_benchmark_times_every_explorer():
    assert sorted(_bench_widgets().explorer_moves()) == EXPLORERS


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_explorer_draws_on_its_own_canvases(name):
    update, moves = _bench_widgets().explorer_moves()[name]
    assert callable(update) and len(moves) >= 5
    canvases, figures = widgets.Canvases(), []
    for move in moves[:2]:
        result = update(**move, canvases=canvases)
        parts = result if isinstance(result, tuple) else (result,)
        (fig,) = [part for part in parts if isinstance(part, Figure)]
        assert canvases.find(fig) is not None
        figures.append(fig)
    assert figures[0] is figures[1]                          # redrawn in place
    alone = update(**moves[0])                               # no canvases: a fresh figure
    alone = alone[0] if isinstance(alone, tuple) else alone
    assert alone is not figures[0]
