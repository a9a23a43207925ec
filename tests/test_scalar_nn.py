"""The Value-built MLP: shapes, gradients, and agreement with the weights it was given."""

import numpy as np
import pytest

from backprop import Value
from backprop.scalar_nn import ScalarMLP


def test_forward_matches_numpy_for_the_same_weights():
    rng = np.random.default_rng(1)
    W1, b1, W2, b2 = rng.normal(size=(3, 2)), rng.normal(size=3), rng.normal(size=(1, 3)), [0.2]
    net = ScalarMLP.from_arrays([W1, W2], [b1, b2], activation="tanh")
    x = np.array([0.5, -1.5])
    expected = W2 @ np.tanh(W1 @ x + b1) + b2
    assert net(x)[0].data == pytest.approx(expected[0], rel=1e-12)


def test_gradients_come_back_shaped_like_the_parameters():
    net = ScalarMLP([2, 4, 3], seed=0)
    loss = Value.sum(net([1.0, -1.0]))
    loss.backward()
    shapes = [g.shape for g in net.grads_as_arrays()]
    assert shapes == [(4, 2), (4,), (3, 4), (3,)]
    assert len(net.parameters()) == 4 * 2 + 4 + 3 * 4 + 3


def test_bad_input_is_named():
    net = ScalarMLP([2, 3, 1])
    with pytest.raises(ValueError, match="expects 2 inputs, got 3"):
        net([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="unknown activation"):
        ScalarMLP([2, 1], activation="swish")
    with pytest.raises(ValueError, match="every layer size must be a positive integer, got 0"):
        ScalarMLP([2, 0, 1])
    with pytest.raises(TypeError, match="every layer size must be a positive integer, got float"):
        ScalarMLP([2, 1.5, 1])
    with pytest.raises(ValueError, match="at least two positive integers"):
        ScalarMLP([2])
