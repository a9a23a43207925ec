"""Chain-rule explorer: the pure update function and the widget, at ordinary and extreme inputs."""

import io
import itertools
import math

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from backprop import plots  # noqa: E402
from backprop.widgets import (
    Canvases,  # noqa: E402
    chain_rule,  # noqa: E402
)
from backprop.widgets.chain_rule import (  # noqa: E402
    MAX_WIDTH,
    PRESETS,
    SLIDER_RANGE,
    chain_rule_explorer,
    chain_rule_figure,
)


def edge_labels(fig):
    return [t.get_text() for t in fig.axes[0].texts]


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_draws_and_reports_the_partial_derivatives(name):
    text, values = PRESETS[name]
    fig, msg = chain_rule_figure(text, values, show_grad=True)
    assert isinstance(fig, Figure)
    assert msg.startswith("f = ")
    for var in values:
        assert f"∂f/∂{var} = " in msg
    assert fig.get_size_inches()[0] <= MAX_WIDTH + 1e-9


def test_known_numbers_appear_in_message_and_on_edges():
    fig, msg = chain_rule_figure("(x + y) * z", {"x": 1.0, "y": 2.0, "z": -1.5}, show_grad=True)
    assert msg == "f = -4.5;  ∂f/∂x = -1.5,  ∂f/∂y = -1.5,  ∂f/∂z = 3"
    labels = edge_labels(fig)
    assert "3" in labels and "-1.5" in labels      # local derivatives of the product node
    assert any("grad -1.5" in t for t in labels)
    fig, msg = chain_rule_figure("(x + y) * z", {"x": 1.0, "y": 2.0, "z": -1.5})
    assert msg == "f = -4.5" and not any("grad" in t for t in edge_labels(fig))


@pytest.mark.parametrize("name, show", list(itertools.product(PRESETS, [False, True])))
def test_extreme_slider_values_neither_crash_nor_warn(name, show):
    text, values = PRESETS[name]
    for corner in itertools.product(SLIDER_RANGE, repeat=len(values)):
        vals = dict(zip(values, corner))
        fig, msg = chain_rule_figure(text, vals, show)
        assert fig is not None or msg.startswith("⚠")


@pytest.mark.parametrize("text", ["__import__('os')", "x.y", "2x", "", "x / (y - y)",
                                  "log(x - 5)", "x" * 500, "exp(exp(exp(x * 100)))"])
def test_refused_or_failing_formulas_give_a_message_and_no_figure(text):
    fig, msg = chain_rule_figure(text, {"x": 3.0, "y": 1.0})
    assert fig is None and msg.startswith("⚠ ") and len(msg) < 250


def test_missing_values_default_to_one_and_wrong_types_give_a_message():
    fig, msg = chain_rule_figure("x * y", {})
    assert msg == "f = 1"
    fig, msg = chain_rule_figure(None, {})
    assert fig is None and "string" in msg
    fig, msg = chain_rule_figure("x", {"x": "a"})
    assert fig is None and "x must be a real number, got str 'a'" in msg
    fig, msg = chain_rule_figure("x", {"x": float("nan")})
    assert fig is None and "x must be a finite number" in msg


def test_figures_render_in_house_style_without_warnings():
    with matplotlib.rc_context():
        plots.style()
        fig, _ = chain_rule_figure("x * y + x", {"x": 1.0, "y": 2.0}, show_grad=True)
        fig.savefig(io.BytesIO(), format="png")


def test_wide_graphs_are_scaled_to_the_page():
    fig, _ = chain_rule_figure("tanh(tanh(tanh(tanh(tanh(tanh(x))))))", {"x": 0.5})
    assert fig.get_size_inches()[0] == pytest.approx(MAX_WIDTH)


def test_widget_builds_reacts_and_rebuilds_sliders():
    ui = chain_rule_explorer()
    menu, box, sliders, show, message, out = ui.children
    assert [s.description for s in sliders.children] == ["x", "y", "z"]
    assert len(out.outputs) == 1 and message.value.startswith("<code>f = ")
    data = out.outputs[0]["data"]                     # a PNG, so the saved state shows it
    assert data.get("image/png") or data["text/html"].startswith("<img src=\"data:image/png")
    box.value = "w * w"
    assert [s.description for s in sliders.children] == ["w"]
    sliders.children[0].value = SLIDER_RANGE[1]
    assert "f = 9" in message.value
    show.value = True
    assert "∂f/∂w = 6" in message.value
    box.value = "import os"
    assert "⚠" in message.value and out.outputs == ()
    menu.value = list(PRESETS)[1]
    assert box.value == PRESETS[list(PRESETS)[1]][0] and len(out.outputs) == 1
    values = PRESETS[list(PRESETS)[1]][1]
    assert {s.description: s.value for s in sliders.children} == values
    assert all(math.isfinite(s.value) for s in sliders.children)


def test_widget_rejects_unknown_preset():
    with pytest.raises(ValueError, match="unknown preset"):
        chain_rule_explorer("nope")


def test_module_exports():
    assert set(chain_rule.__all__) <= set(dir(chain_rule))


def test_layout_stays_fixed_in_house_style():
    with matplotlib.rc_context():
        plots.style()
        canvases = Canvases()
        fig, _ = chain_rule_figure("x * y + x", {"x": 2.0, "y": -1.0}, canvases=canvases)
        before = fig.axes[0].get_position().bounds
        fig.savefig(io.BytesIO(), format="png")
        again, _ = chain_rule_figure("x * y + x", {"x": 1.0, "y": -1.0}, canvases=canvases)
        again.savefig(io.BytesIO(), format="png")
        assert again is fig and fig.axes[0].get_position().bounds == before


def test_names_label_the_operation_nodes_in_the_order_they_are_computed():
    fig, _ = chain_rule_figure("x * y + x", {"x": 2.0, "y": -1.0}, show_grad=True,
                               names=("e", "f"))
    boxes = [t for t in edge_labels(fig) if "data" in t]
    assert "e\ndata -2\ngrad 1" in boxes and "f\ndata 0\ngrad 1" in boxes
    assert "x\ndata 2\ngrad 0" in boxes and "y\ndata -1\ngrad 2" in boxes


def test_without_names_the_operation_boxes_show_only_their_numbers():
    fig, _ = chain_rule_figure("x * y + x", {"x": 2.0, "y": -1.0}, show_grad=True)
    assert "data -2\ngrad 1" in edge_labels(fig)


def test_more_names_than_operation_nodes_is_an_error():
    with pytest.raises(ValueError, match="3 names for the 2 operation nodes"):
        chain_rule_figure("x * y + x", {"x": 2.0, "y": -1.0}, names=("a", "b", "c"))


def test_a_shared_canvas_redraws_when_the_names_change():
    canvases = Canvases()
    plain, _ = chain_rule_figure("x * y + x", {"x": 2.0}, canvases=canvases)
    assert not any(t.startswith("e\n") for t in edge_labels(plain))
    named, _ = chain_rule_figure("x * y + x", {"x": 2.0}, names=("e", "f"), canvases=canvases)
    assert any(t.startswith("e\n") for t in edge_labels(named))
