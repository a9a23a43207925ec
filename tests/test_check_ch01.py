"""Chapter 1 self-checks: the slips a new learner makes get a hint that names them (issue 15,
section 3). The checks' first tests, right answers and the older mistakes, are in
tests/test_check.py."""

import math

import numpy as np
import pytest

from backprop import nn
from backprop.check import ch01
from check_helpers import run_check


def _sig(z):
    return 1 / (1 + np.exp(-z))


def _dense(X, W, b, activation):
    layer = nn.Dense(W.shape[1], W.shape[0], activation=activation)
    layer.W[...] = W if layer.W.shape == W.shape else W.T
    layer.b[...] = b
    return layer.forward(X)


@pytest.mark.parametrize("slip, hint", [
    (lambda X, w, b: 1 / (1 + np.exp(-X @ w + b)), "the bias enters z with the wrong sign"),
    (lambda X, w, b: 1 / 1 + np.exp(-(X @ w + b)), "operator precedence"),
    (lambda X, w, b: 1 / (1 - np.exp(-(X @ w + b))), "the denominator subtracts"),
    (lambda X, w, b: _sig(X * w + b), "the products were not added up"),
    (lambda X, w, b: _sig((X * w).sum(axis=0) + b), "runs over the examples (axis 0)"),
    (lambda X, w, b: _sig((X * w).mean(axis=1) + b), "averages the products"),
    (lambda X, w, b: _sig(X.T @ w + b), "X.T has the examples as columns"),
    (lambda X, w, b: 1 / (1 + math.exp(-(X @ w + b))), "math.exp takes one number"),
    (lambda X, w, b: [float(_sig(x @ w + b)) for x in X], "in a Python list"),
    (lambda X, w, b: np.array([_sig(X[i] @ w + b) for i in range(len(X) - 1)]),
     "one entry short"),
    (lambda X, w, b: np.sum(_sig(X @ w + b)), "a sum over everything?"),
    (lambda X, w, b: _dense(X, w[None, :], np.array([b]), "sigmoid")[:, 0], "Dense.forward"),
])
def test_neuron_output_slips_are_named(slip, hint, capsys):
    verdict, out = run_check(ch01.neuron_output, slip, capsys)
    assert not verdict and hint in out, out


def test_neuron_output_refuses_a_python_loop_even_with_right_values(capsys):
    def looped(X, w, b):
        out = np.zeros(len(X))
        for i in range(len(X)):
            out[i] = _sig(X[i] @ w + b)
        return out

    def counted(X, w, b):
        out, i = np.zeros(len(X)), 0
        while i < len(X):
            out[i], i = _sig(X[i] @ w + b), i + 1
        return out
    for fn in (looped, counted):
        verdict, out = run_check(ch01.neuron_output, fn, capsys)
        assert not verdict and "loops in Python" in out, out


@pytest.mark.parametrize("slip, hint", [
    (lambda X, W, b: np.max(0, X @ W.T + b), "np.max(a, axis)"),
    (lambda X, W, b: max(0, X @ W.T + b), "built-in max"),
    (lambda X, W, b: np.maximum(0, X @ W.T + b[:, None]), "your b stands in a column"),
    (lambda X, W, b: np.abs(X @ W.T + b), "absolute value"),
    (lambda X, W, b: _sig(X @ W.T + b), "that is the sigmoid"),
    (lambda X, W, b: (X @ W.T + b) * ((X @ W.T + b) < 0), "keeps the negative part"),
    (lambda X, W, b: np.maximum(0, X @ W.T + b).tolist(), "in a Python list"),
    (lambda X, W, b: np.stack([np.maximum(0, X @ W[j] + b[j]) for j in range(len(W) - 1)], 1),
     "one column short"),
    (lambda X, W, b: _dense(X, W, b, "relu"), "Dense.forward"),
])
def test_relu_layer_slips_are_named(slip, hint, capsys):
    verdict, out = run_check(ch01.relu_layer, slip, capsys)
    assert not verdict and hint in out and "raised" not in out, out
