"""Perceptron-against-LMS explorer (chapter 8): its numbers are backprop.classic's, and
every extreme control value draws without a warning."""

import io
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from backprop import classic  # noqa: E402
from backprop.widgets import perceptron_lms as pl  # noqa: E402

LOW, HIGH = pl.ETA_RANGE


@pytest.mark.parametrize("data", pl.DATASETS)
@pytest.mark.parametrize("eta", [LOW, 0.5, HIGH])
@pytest.mark.parametrize("epochs", [1, pl.MAX_EPOCHS])
def test_extremes_draw_without_warnings(data, eta, epochs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, numbers = pl.perceptron_lms_figure(data, eta, epochs)
        fig.savefig(io.BytesIO(), format="png")
    assert isinstance(fig, Figure) and plt.get_fignums() == []
    assert 0 <= numbers["perceptron_wrong"] <= numbers["n"]
    assert np.isfinite(numbers["lms_loss"])


@pytest.mark.parametrize("data", pl.DATASETS)
@pytest.mark.parametrize("eta,epochs", [(0.05, 3), (0.7, 17), (1.9, 50)])
def test_numbers_agree_with_classic(data, eta, epochs):
    X, y = pl.dataset(data)
    _, numbers = pl.perceptron_lms_figure(data, eta, epochs)
    p = classic.train_perceptron(X, y, epochs=epochs, lr=eta)
    a = classic.train_adaline(X, 2.0 * y - 1, alpha=eta, epochs=epochs)
    np.testing.assert_allclose(numbers["perceptron_w"], p.w, rtol=1e-12, atol=1e-12)
    assert numbers["perceptron_b"] == pytest.approx(p.b, abs=1e-12)
    np.testing.assert_allclose(numbers["lms_w"], a.w, rtol=1e-12, atol=1e-12)
    assert numbers["lms_loss"] == pytest.approx(a.history[-1], rel=1e-12)
    wrong = np.sum(classic.perceptron_predict(X, p.w, p.b) != y)
    assert numbers["perceptron_wrong"] == wrong
    assert numbers["lms_wrong"] == np.sum((classic.adaline_output(X, a.w, a.b) > 0) != (y == 1))


def test_what_the_data_sets_show():
    # separable: the perceptron converges; far point: LMS's step on the far point (last in
    # each pass) leaves a point wrong that the perceptron gets right, for eta >= 0.5 but
    # not for small eta; xor: neither gets below a quarter wrong
    assert pl.perceptron_lms_figure("separable", 0.5, 50)[1]["perceptron_wrong"] == 0
    far = pl.perceptron_lms_figure("separable + far point", 0.5, 50)[1]
    assert far["perceptron_wrong"] == 0 < far["lms_wrong"]
    small = pl.perceptron_lms_figure("separable + far point", 0.1, 50)[1]
    assert small["perceptron_wrong"] == 0 == small["lms_wrong"]
    for eta in (LOW, 0.5, HIGH):
        numbers = pl.perceptron_lms_figure("xor", eta, 50)[1]
        assert min(numbers["perceptron_wrong"], numbers["lms_wrong"]) >= numbers["n"] // 4


def test_perceptron_line_does_not_depend_on_eta_from_zero():
    a = pl.perceptron_lms_figure("overlapping", 0.1, 30)[1]
    b = pl.perceptron_lms_figure("overlapping", 1.3, 30)[1]
    np.testing.assert_allclose(a["perceptron_w"] * 13, b["perceptron_w"], rtol=1e-9)


def test_figure_lines_are_the_decision_lines():
    fig, numbers = pl.perceptron_lms_figure("overlapping", 0.3, 10)
    line_p, line_l = fig.axes[0].get_lines()
    for line, w, b in ((line_p, numbers["perceptron_w"], numbers["perceptron_b"]),
                       (line_l, numbers["lms_w"], numbers["lms_b"])):
        x1, x2 = line.get_data()
        np.testing.assert_allclose(w[0] * np.asarray(x1) + w[1] * np.asarray(x2) + b, 0,
                                   atol=1e-9)


@pytest.mark.parametrize("kwargs,error", [
    ({"data": "moons"}, ValueError), ({"eta": 0.0}, ValueError), ({"eta": 2.5}, ValueError),
    ({"eta": float("nan")}, ValueError), ({"epochs": 0}, ValueError),
    ({"epochs": 51}, ValueError), ({"epochs": 2.5}, TypeError)])
def test_bad_values_get_clear_errors(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        pl.perceptron_lms_figure(**kwargs)


def test_wrapper_builds_and_shows_a_picture():
    box = pl.perceptron_lms_explorer()
    out = box.children[-1]
    assert len(out.outputs) == 1 and "data:image/png" in out.outputs[0]["data"]["text/html"]
    first = out.outputs[0]["data"]["text/html"]
    box.children[0].children[2].value = 5                   # epochs
    assert len(out.outputs) == 1 and out.outputs[0]["data"]["text/html"] != first


def test_blitted_picture_matches_a_full_draw():
    from backprop import widgets

    for data, eta, epochs in (("xor", 0.3, 7), ("separable", 1.9, 50), ("xor", 0.01, 1)):
        canvases = widgets.Canvases()
        fig, _ = pl.perceptron_lms_figure(data, eta, epochs, canvases=canvases)
        fast = widgets._blit(canvases.find(fig)).copy()
        full = io.BytesIO()
        fig.savefig(full, format="rgba", dpi=fig.dpi)
        full = np.frombuffer(full.getvalue(), np.uint8).reshape(fast.shape)
        assert np.mean(fast != full) < 0.002     # the same picture, up to anti-aliasing
