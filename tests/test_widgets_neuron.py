"""Neuron playground: the pure figure function at every extreme, its numbers, and the wrapper."""

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from backprop.widgets import neuron  # noqa: E402

L = neuron.LIMIT
EXTREMES = [(0.0, 0.0, -L), (0.0, 0.0, L), (L, L, L), (-L, -L, -L), (L, -L, 0.0), (0.0, L, -L),
            (-L, 0.0, L), (1e-12, 0.0, 0.0)]


def _render(fig):
    fig.savefig(io.BytesIO(), format="png")  # layout and drawing run: any warning is an error


@pytest.mark.parametrize("k", range(len(EXTREMES)))
def test_extreme_slider_values_draw_without_warnings(k):
    w1, w2, b = EXTREMES[k]
    data = neuron.DATASETS[k % len(neuron.DATASETS)]
    activation = neuron.ACTIVATIONS[k % len(neuron.ACTIVATIONS)]
    fig = neuron.neuron_figure(w1, w2, b, data=data, activation=activation)
    assert isinstance(fig, Figure)
    _render(fig)
    assert plt.get_fignums() == []  # a plain Figure: nothing is shown automatically


@pytest.mark.parametrize("activation", neuron.ACTIVATIONS)
def test_every_extreme_builds_without_warnings(activation):
    for i, (w1, w2, b) in enumerate(EXTREMES):
        data = neuron.DATASETS[(i + 1) % len(neuron.DATASETS)]
        fig = neuron.neuron_figure(w1, w2, b, data=data, activation=activation)
        assert len(fig.axes) == 2  # the plane and the colour bar


def test_zero_weights_have_no_decision_line_and_say_so():
    fig = neuron.neuron_figure(0.0, 0.0, 2.0, data="moons")
    ax = fig.axes[0]
    assert ax.get_lines() == []
    assert "no decision line" in ax.get_title()
    assert np.ptp(ax.get_images()[0].get_array()) == 0  # the output is the same everywhere


def test_decision_line_satisfies_its_equation_and_title_gives_accuracy():
    w1, w2, b = 1.5, -2.0, 0.5
    fig = neuron.neuron_figure(w1, w2, b, data="xor")
    ax = fig.axes[0]
    (line,) = ax.get_lines()
    x, y = line.get_data()
    assert np.allclose(w1 * x + w2 * y + b, 0)
    accuracy = neuron.neuron_accuracy(w1, w2, b, data="xor")
    assert f"accuracy {accuracy:.0%}" in ax.get_title()


def test_background_is_the_neurons_output_over_the_plane():
    fig = neuron.neuron_figure(2.0, 0.0, 0.0, activation="sigmoid")
    ax = fig.axes[0]
    a = np.asarray(ax.get_images()[0].get_array())
    x_left, x_right = ax.get_images()[0].get_extent()[:2]
    assert a[:, 0].max() < 0.5 < a[:, -1].min()  # x₁ < 0 on the left: σ(2x₁) < ½
    assert a.min() > 0 and a.max() < 1 and x_left < 0 < x_right


def test_line_separable_data_is_split_perfectly_by_a_line_in_slider_range():
    assert neuron.neuron_accuracy(1.0, 0.6, 0.0, data="line-separable") == 1.0


def test_no_slider_setting_solves_xor():
    grid = np.linspace(-L, L, 11)
    best = max(neuron.neuron_accuracy(w1, w2, b, data="xor")
               for w1 in grid for w2 in grid for b in grid)
    assert best < 0.8


def test_flipping_every_sign_flips_every_prediction():
    for data in neuron.DATASETS:
        a = neuron.neuron_accuracy(1.3, -0.7, 0.4, data)
        assert neuron.neuron_accuracy(-1.3, 0.7, -0.4, data) == pytest.approx(1 - a)


def test_datasets_are_fixed_and_read_only():
    X, y = neuron.dataset("moons")
    assert X.shape == (200, 2) and not X.flags.writeable and not y.flags.writeable
    assert neuron.dataset("moons")[0] is X


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(w1=L + 0.1), ValueError, "w1 must lie in"),
    (dict(b=float("nan")), ValueError, "b must be finite, got nan"),
    (dict(w2="1"), TypeError, "w2 must be a real number, got str"),
    (dict(data="spirals"), ValueError, "unknown data set"),
    (dict(activation="softmax"), ValueError, "unknown activation"),
])
def test_bad_values_are_rejected_clearly(kwargs, error, words):
    with pytest.raises(error, match=words):
        neuron.neuron_figure(**kwargs)


def test_playground_builds_and_updates_live():
    box = neuron.neuron_playground()
    controls, out = box.children
    sliders = controls.children
    assert [s.description for s in sliders[:3]] == ["weight w₁", "weight w₂", "bias b"]
    assert all(s.continuous_update and (s.min, s.max) == (-L, L) for s in sliders[:3])
    assert len(out.outputs) == 1 and "data:image/png" in out.outputs[0]["data"]["text/html"]
    first = out.outputs[0]["data"]["text/html"]
    sliders[0].value = 0.0
    sliders[1].value = 0.0  # w = 0: still a picture, no error text
    assert len(out.outputs) == 1 and out.outputs[0]["output_type"] == "display_data"
    assert out.outputs[0]["data"]["text/html"] != first
    sliders[3].value = "xor"
    sliders[4].value = "step"
    assert out.outputs[0]["output_type"] == "display_data"
