"""The loss explorer (chapter 2): its numbers match the library, extreme sliders are safe."""

import io
import itertools

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from backprop import activations, gradcheck, losses
from backprop.widgets import loss


def test_sigmoid_slopes_match_finite_differences():
    for z0, y in itertools.product((-7.0, -0.5, 0.0, 3.0), (0, 1)):
        got = loss.sigmoid_losses(z0, y)
        t = np.array([[z0]])
        target = np.full((1, 1), float(y))
        ce = gradcheck.numerical_gradient(lambda: losses.sigmoid_cross_entropy(t, target), t)
        sq = gradcheck.numerical_gradient(
            lambda: 0.5 * (activations.sigmoid(t[0, 0]) - y) ** 2, t)
        assert np.isclose(got["ce_grad"], ce[0, 0], atol=1e-8)
        assert np.isclose(got["mse_grad"], sq[0, 0], atol=1e-8)
        assert np.isclose(got["mse"], 0.5 * (activations.sigmoid(z0) - y) ** 2)


def test_sigmoid_losses_keep_the_shape_of_z():
    z = np.linspace(-3, 3, 12).reshape(3, 4)
    out = loss.sigmoid_losses(z, 1)
    assert all(v.shape == (3, 4) for v in out.values())
    # per example: the same as evaluating one z at a time
    assert np.isclose(out["ce"][1, 2], loss.sigmoid_losses(z[1, 2], 1)["ce"])


def test_saturated_unit_mse_gradient_vanishes_but_cross_entropy_does_not():
    out = loss.sigmoid_losses(-9.0, 1)
    assert abs(out["mse_grad"]) < 1e-3 < 0.99 < abs(out["ce_grad"])


def test_softmax_side_matches_the_library_and_finite_differences():
    logits = np.array([1.5, -0.3, 0.7])
    for temperature in (0.2, 1.0, 5.0):
        out = loss.softmax_losses(logits, 2, temperature)
        assert np.allclose(out["p"], activations.softmax(logits, temperature=temperature))
        z = logits.reshape(1, 3).copy()
        num = gradcheck.numerical_gradient(
            lambda: losses.softmax_cross_entropy(z / temperature, np.array([2])), z)
        assert np.allclose(out["grad"], num[0], atol=1e-7)
        assert np.isclose(out["ce"], -np.log(out["p"][2]))


def test_figure_and_numbers():
    fig, numbers = loss.loss_explorer_figure(z=1.0, y=0, logits=(0.0, 0.0, 0.0), label=0)
    assert isinstance(fig, Figure) and len(fig.axes) == 3
    assert np.allclose(numbers["p"], 1 / 3)
    assert np.isclose(numbers["softmax_ce"], np.log(3))
    assert numbers["ce_grad"] == pytest.approx(activations.sigmoid(1.0))


@pytest.mark.parametrize("z, y, logits, label, temperature", [
    (-10.0, 1, (10.0, -10.0, 10.0), 1, 0.1),
    (10.0, 0, (-10.0, -10.0, -10.0), 2, 10.0),
    (10.0, 1, (10.0, 10.0, 10.0), 0, 0.1),
    (-10.0, 0, (-10.0, 10.0, 0.0), 0, 0.1),
    (0.0, 1, (0.0, 0.0, 0.0), 1, 1.0),
])
def test_extreme_sliders_give_finite_numbers_and_no_warnings(z, y, logits, label, temperature):
    # pyproject turns every warning into an error, so any RuntimeWarning fails this test
    fig, numbers = loss.loss_explorer_figure(z, y, logits, label, temperature)
    assert isinstance(fig, Figure)
    for value in numbers.values():
        assert np.all(np.isfinite(value))
    assert np.isclose(numbers["p"].sum(), 1.0)
    fig.savefig(io.BytesIO(), format="png")  # drawing it must not warn either


def test_fixed_layout_so_each_redraw_draws_once():
    fig, _ = loss.loss_explorer_figure()
    assert not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="target y"):
        loss.loss_explorer_figure(y=2)
    with pytest.raises(ValueError, match="label"):
        loss.loss_explorer_figure(label=3)
    with pytest.raises(ValueError, match="temperature"):
        loss.loss_explorer_figure(temperature=0.0)
    with pytest.raises(ValueError, match="z"):
        loss.loss_explorer_figure(z=np.inf)
    with pytest.raises(ValueError, match="logits"):
        loss.softmax_losses([1.0], 0)
    with pytest.raises(TypeError, match="z must be a real number, got str"):
        loss.loss_explorer_figure(z="big")


def test_wrapper_redraws_on_every_slider():
    box = loss.loss_explorer()
    out = box.children[-1]
    controls = box.children[1].children
    assert len(out.outputs) == 1
    for control in controls:
        if hasattr(control, "max") and hasattr(control, "min"):
            control.value = control.max
            control.value = control.min
        else:
            control.value = control.options[-1][1] if isinstance(control.options[-1], tuple) \
                else control.options[-1]
        assert len(out.outputs) == 1 and out.outputs[0]["output_type"] == "display_data"
        assert "data:image/png" in out.outputs[0]["data"]["text/html"]
