"""Self-checks for chapter 1 (the artificial neuron)."""

import math

import numpy as np

from .. import nn
from ..activations import relu, sigmoid
from . import Mistake, cases, run_check

__all__ = ["neuron_output", "relu_layer"]


def _neuron(X, w, b):
    return sigmoid(X @ w + b)


def neuron_output(fn):
    """Check fn(X, w, b) = σ(X w + b) for a batch X (N, d), weights w (d,), a number b."""
    rng = np.random.default_rng(101)
    inputs = [(rng.normal(size=(4, 2)), rng.normal(size=2), 0.5),
              (rng.normal(size=(1, 3)), rng.normal(size=3), -1.0),
              (rng.normal(size=(6, 3)), 3 * rng.normal(size=3), 2.0)]
    labels = ["4 examples with 2 features", "1 example with 3 features",
              "6 examples with 3 features"]
    mistakes = [
        Mistake(lambda X, w, b: X @ w + b,
                "you returned z itself: the activation σ was never applied (your outputs are "
                "not all between 0 and 1)"),
        Mistake(lambda X, w, b: sigmoid(X @ w),
                "the bias b is missing from z"),
        Mistake(lambda X, w, b: sigmoid(X @ w) + b,
                "the bias was added after σ; it belongs to z, inside the activation"),
        Mistake(lambda X, w, b: sigmoid(X @ w - b),
                "the bias enters z with the wrong sign: the minus of e^(−z) must cover all of "
                "z = w·x + b, bias included (brackets?)"),
        Mistake(lambda X, w, b: sigmoid(-(X @ w + b)),
                "your σ falls as z grows, so the exponent's sign is flipped: σ(z) rises "
                "from 0 to 1"),
        Mistake(lambda X, w, b: 1 / 1 + np.exp(-(X @ w + b)),
                "operator precedence: your division by 1 happens first, and e^(−z) is then "
                "added to it; the whole denominator needs brackets"),
        Mistake(lambda X, w, b: 1 / (1 - np.exp(-(X @ w + b))),
                "the denominator subtracts e^(−z); in σ it is added"),
        Mistake(lambda X, w, b: np.tanh(X @ w + b),
                "that is tanh; this neuron uses the sigmoid σ"),
        Mistake(lambda X, w, b: sigmoid(X.sum(axis=1) * w.sum() + b),
                "your z multiplies the sum of the features by the sum of the weights; z pairs "
                "each feature with its own weight"),
        Mistake(lambda X, w, b: sigmoid(X * w + b),
                "each feature was multiplied by its weight, but the products were not added "
                "up: z is one number per example"),
        Mistake(lambda X, w, b: sigmoid((X * w).sum(axis=0) + b),
                "your sum runs over the examples (axis 0), not over the features of each "
                "example"),
        Mistake(lambda X, w, b: sigmoid((X * w).mean(axis=1) + b),
                "your z averages the products wⱼ xⱼ; the weighted sum adds them"),
        Mistake(lambda X, w, b: 1 / (1 + math.exp(-(X @ w + b))),
                "math.exp takes one number at a time; z here is an array with one entry per "
                "example, and NumPy's own exp works on all of them at once"),
        Mistake(lambda X, w, b: sigmoid(X.T @ w + b),
                "X.T has the examples as columns, so X.T @ w pairs the weights with examples, "
                "not with features; X has one row per example"),
    ]
    return run_check("neuron_output", fn, cases(_neuron, inputs, labels), hints=mistakes,
                     forbid=[(nn.Dense, "forward")], no_loops=True)


def _relu_layer(X, W, b):
    return relu(X @ W.T + b)


def relu_layer(fn):
    """Check fn(X, W, b) = relu(X Wᵀ + b) for X (N, n_in), W (n_out, n_in), b (n_out,)."""
    rng = np.random.default_rng(102)
    inputs = [(rng.normal(size=(5, 3)), rng.normal(size=(3, 3)), rng.normal(size=3)),
              (rng.normal(size=(4, 3)), rng.normal(size=(2, 3)), rng.normal(size=2)),
              (rng.normal(size=(1, 2)), rng.normal(size=(4, 2)), rng.normal(size=4))]
    labels = ["5 examples, 3 inputs, 3 neurons", "4 examples, 3 inputs, 2 neurons",
              "1 example, 2 inputs, 4 neurons"]
    mistakes = [
        Mistake(lambda X, W, b: relu(X @ W + b),
                "your product pairs X's columns with W's columns; W has one row per neuron, one "
                "weight per input along that row"),
        Mistake(lambda X, W, b: X @ W.T + b,
                "you returned Z itself: some of your outputs are negative, and a ReLU's never "
                "are"),
        Mistake(lambda X, W, b: relu(X @ W.T),
                "the bias b is missing from Z"),
        Mistake(lambda X, W, b: relu(X @ W.T) + b,
                "the bias was added after the ReLU; it belongs to z, before the activation"),
        Mistake(lambda X, W, b: np.minimum(X @ W.T + b, 0.0),
                "your ReLU keeps the negative part of z and sets the positive part to 0"),
        Mistake(lambda X, W, b: np.abs(X @ W.T + b),
                "a negative z came out positive: that is the absolute value, and a ReLU sets "
                "it to 0"),
        Mistake(lambda X, W, b: sigmoid(X @ W.T + b),
                "that is the sigmoid; this layer uses the ReLU"),
        Mistake(lambda X, W, b: np.max(0, X @ W.T + b),
                "np.max(a, axis) finds the largest entry of one array along an axis (your Z "
                "became the axis); it does not compare two arrays entry by entry"),
        Mistake(lambda X, W, b: max(0, X @ W.T + b),
                "Python's built-in max compares whole objects, so it cannot take the maximum "
                "of 0 and an array entry by entry"),
        Mistake(lambda X, W, b: relu(X @ W.T + b[:, None]),
                "your b stands in a column, one entry per row (example); it has one entry per "
                "neuron, and the neurons are Z's columns"),
    ]
    return run_check("relu_layer", fn, cases(_relu_layer, inputs, labels), hints=mistakes,
                     forbid=[(nn.Dense, "forward")])
