"""The network explorer (chapter 6): numbers agree with nn.MLP and with Value; extremes are safe."""

import itertools
import warnings

import numpy as np
import pytest
from matplotlib.figure import Figure

from backprop import Value, losses, nn
from backprop.widgets import network

RANDOM = [{name: float(v) for name, v in zip(network.HAND, values)}
          for values in np.random.default_rng(0).uniform(-2.5, 2.5, (5, len(network.HAND)))]


def mlp_grads(n):
    """The same 2-2-1 network in nn.MLP, one example, L = ½(ŷ − y)²."""
    net = nn.MLP([2, 2, 1], activation="sigmoid", output="identity")
    for p, value in zip(net.params, [n["W1"], n["b1"], n["W2"], n["b2"]]):
        p[...] = value
    y_hat = net.forward(n["x"].reshape(1, 2))
    target = np.array([[n["y"]]])
    grads = net.backward(losses.mse_grad(y_hat, target))
    return y_hat[0, 0], losses.mse(y_hat, target), net.deltas, grads


def value_grads(n):
    """The same network node by node with chapter 5's Value: [dW1, db1, dW2, db2]."""
    W1 = [[Value(w) for w in row] for row in n["W1"]]
    b1 = [Value(b) for b in n["b1"]]
    W2 = [[Value(w) for w in row] for row in n["W2"]]
    b2 = [Value(b) for b in n["b2"]]
    x = [float(v) for v in n["x"]]
    a1 = [(row[0] * x[0] + row[1] * x[1] + b).sigmoid() for row, b in zip(W1, b1)]
    y_hat = W2[0][0] * a1[0] + W2[0][1] * a1[1] + b2[0]
    loss = 0.5 * (y_hat - n["y"]) ** 2
    loss.backward()
    grid = lambda rows: np.array([[v.grad for v in row] for row in rows])  # noqa: E731
    return loss.data, [grid(W1), np.array([b.grad for b in b1]), grid(W2),
                       np.array([b.grad for b in b2])]


def test_hand_example_numbers():
    """Chapter 6's table: z⁽¹⁾ = (0, 1), ŷ ≈ 0.7689, δ⁽²⁾ ≈ −0.2311, δ⁽¹⁾ ≈ (−0.1155, 0.0454)."""
    n = network.network_numbers(**network.HAND)
    assert np.allclose(n["z1"], [0.0, 1.0])
    assert np.isclose(n["a1"][0], 0.5) and np.isclose(n["a1"][1], 1 / (1 + np.exp(-1)))
    assert np.isclose(n["y_hat"], 2 * 0.5 - 1 / (1 + np.exp(-1)) + 0.5)
    assert np.allclose(n["delta1"], [-0.11553, 0.04543], atol=5e-6)
    assert np.allclose(n["sigma_prime"], [0.25, 0.19661], atol=5e-6)


@pytest.mark.parametrize("values", [network.HAND, *RANDOM])
def test_numbers_agree_with_the_matrix_code_and_with_value(values):
    n = network.network_numbers(**values)
    y_hat, loss, deltas, grads = mlp_grads(n)
    mine = [n["dW1"], n["db1"], n["dW2"], n["db2"]]
    assert np.isclose(n["y_hat"], y_hat, rtol=1e-13, atol=1e-15)
    assert np.isclose(n["loss"], loss, rtol=1e-13, atol=1e-15)
    assert np.allclose(n["delta1"], deltas[0][0], rtol=1e-12, atol=1e-15)
    assert np.allclose(n["delta2"], deltas[1][0], rtol=1e-12, atol=1e-15)
    assert all(np.allclose(m, g, rtol=1e-12, atol=1e-15) for m, g in zip(mine, grads))
    value_loss, by_value = value_grads(n)
    assert np.isclose(n["loss"], value_loss, rtol=1e-13, atol=1e-15)
    assert all(np.allclose(m, g, rtol=1e-12, atol=1e-15) for m, g in zip(mine, by_value))


def test_figure_shows_the_numbers_and_is_reused():
    from backprop.widgets import Canvases

    canvases = Canvases()
    fig, n = network.network_figure(**network.HAND, canvases=canvases)
    assert isinstance(fig, Figure)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "δ⁽²⁾ = ŷ − y = −0.231" in texts and "∂L/∂w = −0.231" in texts
    assert "(−0.116, 0.045)" in texts
    fig2, n2 = network.network_figure(**{**network.HAND, "y": -1.0}, canvases=canvases)
    assert fig2 is fig and not np.isclose(n2["loss"], n["loss"])
    assert f"L = {n2['loss']:.4f}" in " ".join(t.get_text() for t in fig2.axes[0].texts)


def test_extreme_sliders_give_no_crash_and_no_warning():
    corners = [{name: network.LIMITS[name][k] for name, k in zip(network.HAND, ks)}
               for ks in itertools.islice(itertools.product((0, 1), repeat=12), 0, 4096, 97)]
    corners += [{name: network.LIMITS[name][0] for name in network.HAND},
                {name: network.LIMITS[name][1] for name in network.HAND},
                {name: 0.0 for name in network.HAND}]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for values in corners:
            fig, n = network.network_figure(**values)
            assert all(np.all(np.isfinite(v)) for v in n.values())
            fig.canvas.draw()


def test_bad_values_get_clear_errors():
    with pytest.raises(ValueError, match=r"w1_11 must lie in \[-4, 4\], got 5"):
        network.network_numbers(w1_11=5.0)
    with pytest.raises(ValueError, match="x1 must be finite, got nan"):
        network.network_numbers(x1=float("nan"))
    with pytest.raises(TypeError, match="x1 must be a real number, got str"):
        network.network_numbers(x1="1")
    with pytest.raises(TypeError, match="unknown slider"):
        network.network_numbers(w3=1.0)


def test_explorer_builds_with_a_slider_per_value():
    box = network.network_explorer()
    panel = box.children[1]
    assert [s.value for s in panel.children] == list(network.HAND.values())
    panel.children[0].value = -2.0  # moving a slider redraws without error
    assert box.children[2].outputs[0]["output_type"] == "display_data"
