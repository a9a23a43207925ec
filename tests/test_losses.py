"""Losses: values, gradients against central differences, stability at ±1e4, and bad input."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import activations, losses
from backprop.gradcheck import numerical_gradient, relative_error

rng = np.random.default_rng(0)


def strict():
    return np.errstate(over="raise", divide="raise", invalid="raise")


def gradient_error(loss, grad, pred, target):
    """Relative error between the analytic gradient and central differences on pred."""
    pred = pred.copy()
    numeric = numerical_gradient(lambda: loss(pred, target), pred)
    return relative_error(grad(pred, target), numeric)


# ---------------------------------------------------------------- gradients


@pytest.mark.parametrize("shape", [(6,), (5, 1), (4, 3)])
def test_mse_gradient(shape):
    y_hat, y = rng.normal(size=shape), rng.normal(size=shape)
    assert gradient_error(losses.mse, losses.mse_grad, y_hat, y) < 1e-6


@pytest.mark.parametrize("shape", [(6,), (4, 3)])
def test_binary_cross_entropy_gradient(shape):
    p, y = rng.uniform(0.05, 0.95, shape), rng.uniform(0, 1, shape)
    loss, grad = losses.binary_cross_entropy, losses.binary_cross_entropy_grad
    assert gradient_error(loss, grad, p, y) < 1e-6


@pytest.mark.parametrize("shape", [(6,), (4, 3)])
def test_sigmoid_cross_entropy_gradient(shape):
    z, y = rng.normal(scale=3, size=shape), rng.integers(0, 2, shape).astype(float)
    loss, grad = losses.sigmoid_cross_entropy, losses.sigmoid_cross_entropy_grad
    assert gradient_error(loss, grad, z, y) < 1e-6


def test_softmax_cross_entropy_gradient():
    logits, labels = rng.normal(scale=2, size=(5, 4)), rng.integers(0, 4, 5)
    loss, grad = losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad
    assert gradient_error(loss, grad, logits, labels) < 1e-6


def test_logsumexp_gradient_is_softmax():
    z = rng.normal(size=(3, 4))
    numeric = numerical_gradient(lambda: np.sum(losses.logsumexp(z)), z)
    assert relative_error(activations.softmax(z), numeric) < 1e-6


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 6), k=st.integers(1, 5), seed=st.integers(0, 2**16))
def test_softmax_cross_entropy_gradient_random_shapes(n, k, seed):
    r = np.random.default_rng(seed)
    logits, labels = r.normal(scale=3, size=(n, k)), r.integers(0, k, n)
    grad = losses.softmax_cross_entropy_grad(logits, labels)
    assert grad.shape == (n, k)
    assert np.allclose(grad.sum(axis=1), 0)  # softmax sums to 1, the one-hot too
    assert losses.softmax_cross_entropy(logits, labels) >= 0
    numeric = numerical_gradient(lambda: losses.softmax_cross_entropy(logits, labels), logits)
    assert np.allclose(grad, numeric, rtol=1e-6, atol=1e-9)


# ---------------------------------------------------------------- values


def test_mse_value_averages_over_rows():
    # 1/(2N) Σ (ŷ − y)² with N = 2 rows: (0² + 2²) / 4 = 1
    assert losses.mse([1.0, 2.0], [1.0, 0.0]) == 1.0
    # two rows of two outputs: sum of squares 4 + 1 = 5, over 2N = 4
    assert losses.mse([[1.0, 2.0], [3.0, 4.0]], [[1.0, 0.0], [2.0, 4.0]]) == 1.25
    assert np.array_equal(losses.mse_grad([1.0, 2.0], [1.0, 0.0]), [0.0, 1.0])


def test_cross_entropy_values():
    k = 5
    assert math.isclose(losses.softmax_cross_entropy(np.zeros((3, k)), [0, 1, 4]), math.log(k))
    assert math.isclose(losses.binary_cross_entropy([0.5, 0.5], [1.0, 0.0]), math.log(2))
    z, y = rng.normal(size=(4, 2)), rng.uniform(0, 1, (4, 2))
    from_probabilities = losses.binary_cross_entropy(activations.sigmoid(z), y)
    assert math.isclose(losses.sigmoid_cross_entropy(z, y), from_probabilities, rel_tol=1e-12)


def test_logsumexp():
    z = rng.normal(size=(3, 4))
    assert np.allclose(losses.logsumexp(z), np.log(np.exp(z).sum(axis=1)))
    assert np.allclose(losses.logsumexp(z, axis=0), np.log(np.exp(z).sum(axis=0)))
    with strict():
        assert losses.logsumexp(np.array([1e4, 1e4])) == 1e4 + math.log(2)


def test_losses_return_floats_and_grads_keep_shape():
    y_hat, y = rng.normal(size=(4, 2)), rng.normal(size=(4, 2))
    assert type(losses.mse(y_hat, y)) is float
    assert losses.mse_grad(y_hat, y).shape == (4, 2)
    assert losses.mse_grad(y_hat.astype(np.float32), y.astype(np.float32)).dtype == np.float32


# ---------------------------------------------------------------- stability


def test_cross_entropies_are_finite_and_silent_at_plus_minus_1e4():
    big = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4]])
    labels = np.array([1, 0])
    z = np.array([1e4, -1e4, 1e4, -1e4])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    with warnings.catch_warnings(), strict():
        warnings.simplefilter("error")
        # row 1: 1e4 − (−1e4); row 2: (1e4 + log 2) − (−1e4)
        assert losses.softmax_cross_entropy(big, labels) == (2e4 + 2e4 + math.log(2)) / 2
        assert np.all(np.isfinite(losses.softmax_cross_entropy_grad(big, labels)))
        assert losses.softmax_cross_entropy(big[:1], [0]) == 0.0
        assert losses.sigmoid_cross_entropy(z, y) == 2e4 / 4
        assert np.array_equal(losses.sigmoid_cross_entropy_grad(z, y), [0.0, 0.0, 0.25, -0.25])
        # probabilities of exactly 0 and 1 are clipped: the loss stays finite
        p = activations.sigmoid(z)
        assert np.isfinite(losses.binary_cross_entropy(p, y))
        assert np.all(np.isfinite(losses.binary_cross_entropy_grad(p, y)))


# ---------------------------------------------------------------- bad input

PAIR_LOSSES = [
    losses.mse, losses.mse_grad,
    losses.binary_cross_entropy, losses.binary_cross_entropy_grad,
    losses.sigmoid_cross_entropy, losses.sigmoid_cross_entropy_grad,
]
CLASS_LOSSES = [losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad]


@pytest.mark.parametrize("loss", PAIR_LOSSES)
def test_column_against_flat_vector_names_both_shapes(loss):
    """(N,) against (N, 1) would broadcast to (N, N); it is refused instead."""
    flat, column = np.full(5, 0.5), np.full((5, 1), 0.5)
    with pytest.raises(ValueError, match=r"shape \(5,\) but .* shape \(5, 1\).*no broadcasting"):
        loss(flat, column)
    with pytest.raises(ValueError, match=r"shape \(5, 1\) but .* shape \(5,\)"):
        loss(column, flat)


@pytest.mark.parametrize("loss", PAIR_LOSSES)
@pytest.mark.parametrize("bad, word", [(np.nan, "NaN"), (np.inf, "inf"), (-np.inf, "inf")])
def test_nan_and_inf_are_refused(loss, bad, word):
    good = np.full(3, 0.5)
    broken = good.copy()
    broken[1] = bad
    with pytest.raises(ValueError, match=f"contains {word}"):
        loss(broken, good)
    with pytest.raises(ValueError, match=f"contains {word}"):
        loss(good, broken)


@pytest.mark.parametrize("loss", CLASS_LOSSES)
def test_nan_logits_are_refused(loss):
    logits = np.zeros((2, 3))
    logits[0, 1] = np.nan
    with pytest.raises(ValueError, match="logits contains NaN"):
        loss(logits, [0, 1])


@pytest.mark.parametrize("loss", CLASS_LOSSES)
def test_labels_out_of_range(loss):
    logits = np.zeros((3, 4))
    with pytest.raises(ValueError, match=r"labels must lie in 0\.\.3 for 4 classes, found label 4"):
        loss(logits, [0, 4, 1])
    with pytest.raises(ValueError, match="found label -1"):
        loss(logits, [0, -1, 1])


@pytest.mark.parametrize("loss", CLASS_LOSSES)
def test_labels_must_be_integers(loss):
    with pytest.raises(TypeError, match="labels must be integer class indices, got dtype float64"):
        loss(np.zeros((3, 4)), np.array([0.0, 1.0, 2.0]))
    with pytest.raises(TypeError, match="got dtype bool"):
        loss(np.zeros((2, 4)), np.array([True, False]))


@pytest.mark.parametrize("loss", CLASS_LOSSES)
def test_label_and_logit_shapes(loss):
    column = r"shape \(3,\) to match logits of shape \(3, 4\), got labels of shape \(3, 1\)"
    with pytest.raises(ValueError, match=column):
        loss(np.zeros((3, 4)), np.zeros((3, 1), dtype=int))
    with pytest.raises(ValueError, match=r"one-hot\? pass y.argmax\(axis=1\)"):
        loss(np.zeros((3, 4)), np.eye(4)[[0, 1, 2]])
    with pytest.raises(ValueError, match=r"logits must have shape \(N, K\).*got shape \(4,\)"):
        loss(np.zeros(4), [1])


def test_probabilities_outside_0_1():
    with pytest.raises(ValueError, match=r"p must lie in \[0, 1\].*sigmoid_cross_entropy"):
        losses.binary_cross_entropy([0.5, 1.5], [1.0, 0.0])
    with pytest.raises(ValueError, match=r"y must lie in \[0, 1\]"):
        losses.sigmoid_cross_entropy_grad([0.5, 1.5], [2.0, 0.0])


def test_empty_scalar_and_non_numeric_input():
    with pytest.raises(ValueError, match="at least one example"):
        losses.mse(np.zeros(0), np.zeros(0))
    with pytest.raises(ValueError, match="at least one example"):
        losses.mse(1.0, 2.0)
    with pytest.raises(TypeError, match="y_hat must hold real numbers"):
        losses.mse(["a", "b"], [1.0, 2.0])
    with pytest.raises(ValueError, match="at least one entry"):
        losses.logsumexp(np.zeros((2, 0)))
