"""Backprop stepper: replay matches Value.backward step by step; figures and the widget."""

import io

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from backprop import Value, plots  # noqa: E402
from backprop.widgets.stepper import (  # noqa: E402
    describe,
    n_steps,
    replay,
    stepper,
    stepper_figure,
    sweep_animation,
    updates,
)


def reuse():
    x, y = Value(2.0, "x"), Value(-1.0, "y")
    e = x * y
    e.label = "e"
    f = e + x
    f.label = "f"
    return f, x, y, e


def test_steps_follow_backward_steps_and_end_at_backward():
    f, x, y, e = reuse()
    assert n_steps(f) == 4
    assert replay(f, 0) is None and (x.grad, y.grad, e.grad, f.grad) == (0, 0, 0, 0)
    assert replay(f, 1) is f and (f.grad, e.grad, x.grad) == (1.0, 1.0, 1.0)
    assert replay(f, 2) is e and (x.grad, y.grad) == (1.0 + -1.0, 2.0)
    last = replay(f, 4)
    assert last in (x, y) and (x.grad, y.grad) == (0.0, 2.0)
    f.backward()
    assert (x.grad, y.grad) == (0.0, 2.0)


def test_going_back_a_step_restores_the_earlier_state():
    f, x, y, e = reuse()
    replay(f, 4)
    replay(f, 1)
    assert (x.grad, y.grad, e.grad) == (1.0, 0.0, 1.0)


def test_messages():
    f, x, y, e = reuse()
    assert "Forward pass done" in describe(None, f)
    replay(f, 1)
    assert describe(f, f).startswith("f starts the sweep with ∂f/∂f = 1")
    replay(f, 2)
    assert describe(e, f) == ("e has its full gradient 1; it passes local × gradient to its "
                              "inputs: x += -1 × 1,  y += 2 × 1")
    assert "nothing is passed on" in describe(x, f)
    c = Value(1.0) * 3.0
    assert "the constant 3" in describe(c, c) and "the * node" in stepper_figure(c, 1)[1]


@pytest.mark.parametrize("step", [0, 1, 2, 3, 4])
def test_each_step_draws_a_figure_with_the_node_highlighted(step):
    f, *_ = reuse()
    fig, msg = stepper_figure(f, step)
    assert isinstance(fig, Figure) and msg.startswith(f"Step {step} of 4.")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any(t.startswith("f\n") for t in texts)
    assert any("grad" in t for t in texts) == (step > 0)


@pytest.mark.parametrize("bad, error", [(-1, ValueError), (5, ValueError), (1.0, TypeError),
                                        (True, TypeError), (None, TypeError)])
def test_bad_steps(bad, error):
    f, *_ = reuse()
    with pytest.raises(error, match="step"):
        replay(f, bad)


def test_not_a_value():
    with pytest.raises(TypeError, match="needs a Value"):
        n_steps(3.0)


def test_extreme_values_do_not_warn():
    x = Value(1e300, "x")
    out = (x * 1e8).tanh() + (x * -1e8).sigmoid() + Value(1e-320, "t") * x
    for step in range(n_steps(out) + 1):
        stepper_figure(out, step)
    assert x.grad == pytest.approx(1e-320)


def test_animation_has_one_frame_per_step_and_renders_in_house_style_without_warnings():
    f, *_ = reuse()
    with matplotlib.rc_context():
        plots.style()                       # constrained layout on, as in the book
        anim = sweep_animation(f, interval=200, dpi=50)
        html = anim.to_jshtml()
        stepper_figure(f, 2)[0].savefig(io.BytesIO(), format="png")
    assert html.count("frames[") >= n_steps(f) + 1
    assert anim._fig.get_dpi() == 50


def test_widget_buttons():
    f, x, y, e = reuse()
    ui = stepper(f)
    (back, forward, reset), message, out = ui.children[0].children, *ui.children[1:]
    assert back.disabled and not forward.disabled and "Step 0 of 4" in message.value
    for _ in range(10):
        forward.click()
    assert forward.disabled and "Step 4 of 4" in message.value and (x.grad, y.grad) == (0.0, 2.0)
    back.click()
    assert "Step 3 of 4" in message.value
    reset.click()
    assert "Step 0 of 4" in message.value and len(out.outputs) == 1
    # a PNG, not a Figure object: the saved widget state must show a picture, not "<Figure ...>"
    data = out.outputs[0]["data"]
    assert data.get("image/png") or data["text/html"].startswith("<img src=\"data:image/png")


def test_each_step_writes_out_its_updates_with_numbers():
    f, x, y, e = reuse()
    assert updates(f, 0) == []
    assert updates(f, 1) == ["e.grad += 1 × 1  →  1", "x.grad += 1 × 1  →  1"]
    # x already holds 1 from the sum: the figure shows the addition at the fan-out
    assert updates(f, 2) == ["x.grad += -1 × 1  →  1 + (-1) = 0", "y.grad += 2 × 1  →  2"]
    assert (x.grad, y.grad) == (0.0, 2.0)            # left as after step 2
    fig, _ = stepper_figure(f, 2)
    texts = [t.get_text() for t in fig.texts + fig.axes[0].texts]
    assert any("x.grad += -1 × 1  →  1 + (-1) = 0" in t for t in texts)
    assert "-1" in texts and "2" in texts             # local derivatives on the arrows
    assert any("step 2 of 4" in t for t in texts)


def test_the_figure_is_built_once_per_graph_and_updated_in_place():
    from backprop.widgets import Canvases

    canvases = Canvases()
    f, *_ = reuse()
    first, _ = stepper_figure(f, 1, canvases=canvases)
    again, _ = stepper_figure(f, 3, canvases=canvases)
    assert again is first
    other, *_ = reuse()
    assert stepper_figure(other, 1, canvases=canvases)[0] is not first
    assert stepper_figure(f, 1)[0] is not first          # without canvases: its own figure


def test_many_inputs_are_summarised():
    xs = [Value(float(i), f"x{i}") for i in range(6)]
    s = Value.sum(xs)
    lines = [t.get_text() for t in stepper_figure(s, 1)[0].texts]
    assert any("… and 4 more inputs" in t for t in lines)


def test_the_animation_first_builds_the_forward_pass_node_by_node():
    f, x, y, e = reuse()
    anim = sweep_animation(f, interval=200, dpi=50)
    n = n_steps(f)
    assert len(list(anim.new_frame_seq())) == 2 * n + 1
    fig = anim._fig
    boxes = [p for p in fig.axes[0].patches if p.get_visible()]
    anim._func(0)                               # only the first input is computed
    visible = [t.get_text() for t in fig.axes[0].texts if t.get_visible() and t.get_text()]
    assert len(visible) == 1 and "grad" not in visible[0]
    assert "forward pass, node 1 of 4" in fig.texts[0].get_text()
    anim._func(2)                               # e = x·y computed from its inputs
    assert "computes -2 from its inputs (x = 2, y = -1)" in fig.texts[1].get_text()
    anim._func(n)                               # the stepper's step 0
    assert "forward pass done" in fig.texts[0].get_text()
    assert len([p for p in fig.axes[0].patches if p.get_visible()]) == len(boxes)
    anim._func(n + 2)                           # backward step 2: e passes to x and y
    assert "1 + (-1) = 0" in fig.texts[1].get_text()
    assert anim.to_jshtml().count("frames[") >= 2 * n + 1


def test_layout_stays_fixed_in_house_style():
    f, *_ = reuse()
    with matplotlib.rc_context():
        plots.style()                       # constrained layout on, as in the book
        fig, _ = stepper_figure(f, 1)
        before = fig.axes[0].get_position().bounds
        for step in (2, 3):
            stepper_figure(f, step)[0].savefig(io.BytesIO(), format="png")
        assert fig.axes[0].get_position().bounds == before


def test_widget_picture_has_the_step_as_alt_text():
    f, *_ = reuse()
    ui = stepper(f)
    html = ui.children[2].outputs[0]["data"].get("text/html", "")
    assert 'alt="Backpropagation stepper. Step 0 of 4. Forward pass done' in html
