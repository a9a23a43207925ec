"""The descent explorer (chapter 3): library optimizers, right gradients, safe extremes."""

import io
import itertools

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from backprop import gradcheck, optim
from backprop.widgets import descent


@pytest.mark.parametrize("name", list(descent.LANDSCAPES))
def test_each_gradient_matches_finite_differences(name):
    land = descent.LANDSCAPES[name]
    rng = np.random.default_rng(0)
    for _ in range(10):
        w = rng.uniform(-2, 2, size=2)
        num = gradcheck.numerical_gradient(lambda: land.f(*w), w)
        assert np.allclose(num, land.grad(*w), rtol=1e-6, atol=1e-6)
    # the marked minimum really is a stationary point, and f is vectorised
    assert np.linalg.norm(land.grad(*land.minimum)) < 1e-3
    grid = np.zeros((3, 4))
    assert np.shape(land.f(grid, grid)) == (3, 4)


def test_path_is_the_library_optimizer():
    result = descent.descent_path("round bowl", (1.0, -2.0), 0.1, "momentum", steps=7)
    w = np.array([1.0, -2.0])
    opt = optim.Momentum([w], 0.1, momentum=0.9)
    expected = [w.copy()]
    for _ in range(7):
        opt.step([w.copy()])  # the bowl's gradient is w itself
        expected.append(w.copy())
    assert np.allclose(result.path, expected)
    assert result.path.shape == (8, 2) and result.losses.shape == (8,)
    assert np.allclose(result.losses, 0.5 * (result.path**2).sum(axis=1))


def test_divergence_threshold_on_the_valley():
    # curvatures 1 and 100: gradient descent is stable below 2/100, diverges above it
    start = descent.LANDSCAPES["narrow valley"].start
    assert not descent.descent_path("narrow valley", start, 0.0199, steps=400).diverged
    run = descent.descent_path("narrow valley", start, 0.0201, steps=2000)
    assert run.diverged and len(run.path) < 2001


def test_gradient_descent_converges_with_small_steps_everywhere():
    for name, land in descent.LANDSCAPES.items():
        run = descent.descent_path(name, land.start, 0.005, steps=300)
        assert not run.diverged and run.losses[-1] < run.losses[0]


@pytest.mark.parametrize("name, optimizer", list(itertools.product(descent.LANDSCAPES,
                                                                   descent.OPTIMIZERS)))
def test_extreme_sliders_do_not_warn_or_crash(name, optimizer):
    # pyproject turns warnings into errors: overflow or invalid values would fail here
    for w1, w2, log10_lr, steps in ((5.0, 3.0, 0.5, 300), (-5.0, -3.0, -4.0, 0),
                                    (5.0, -3.0, -0.5, 300)):
        fig, result = descent.descent_figure(name, w1, w2, log10_lr, optimizer, steps)
        assert isinstance(fig, Figure)
        assert np.all(np.isfinite(result.path)) and np.all(np.isfinite(result.losses))
        assert np.all(np.abs(result.path) < descent.ESCAPE)
        if log10_lr == 0.5:  # drawing the wildest case must not warn either
            fig.savefig(io.BytesIO(), format="png")


def test_fixed_layout_so_each_redraw_draws_once():
    fig, _ = descent.descent_figure()
    assert not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="landscape"):
        descent.descent_path("volcano", (0, 0), 0.1)
    with pytest.raises(ValueError, match="optimizer"):
        descent.descent_path("round bowl", (0, 0), 0.1, "Newton")
    with pytest.raises(ValueError, match="start"):
        descent.descent_path("round bowl", (0, np.nan), 0.1)
    with pytest.raises(ValueError, match="steps"):
        descent.descent_path("round bowl", (0, 0), 0.1, steps=-1)
    with pytest.raises(ValueError, match="lr"):
        descent.descent_path("round bowl", (0, 0), -0.1)
    with pytest.raises(ValueError, match="log10_lr"):
        descent.descent_figure(log10_lr=5.0)


def test_wrapper_redraws_and_shows_errors_instead_of_raising():
    box = descent.descent_explorer()
    out = box.children[-1]
    controls = box.children[1].children
    assert len(out.outputs) == 1 and "data:image/png" in out.outputs[0]["data"]["text/html"]
    landscape, optimizer = controls[0], controls[1]
    for name in descent.LANDSCAPES:
        landscape.value = name
        for opt in descent.OPTIMIZERS:
            optimizer.value = opt
            assert len(out.outputs) == 1 and "data:image/png" in out.outputs[0]["data"]["text/html"]
    for slider in controls[2:]:
        slider.value = slider.max
        slider.value = slider.min
        assert len(out.outputs) == 1
