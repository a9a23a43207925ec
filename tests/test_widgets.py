"""Shared widget helpers: figures into Output widgets, sliders, live wiring, lazy explorers."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

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
    assert out.outputs[0]["data"]["image/png"]
    assert out.outputs[1]["text"] == "a note\n"


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
