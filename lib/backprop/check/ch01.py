"""Self-checks for chapter 1 (the artificial neuron)."""

import numpy as np

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
                "you returned z = w·x + b; the neuron's output is σ(z) = 1 / (1 + e^(−z))"),
        Mistake(lambda X, w, b: sigmoid(X @ w),
                "the bias b is missing: z = w·x + b"),
        Mistake(lambda X, w, b: sigmoid(X @ w) + b,
                "the bias was added after σ; it belongs to z, inside the activation"),
        Mistake(lambda X, w, b: sigmoid(X @ w - b),
                "the bias is added, not subtracted: z = w·x + b"),
        Mistake(lambda X, w, b: sigmoid(-(X @ w + b)),
                "check the sign of the exponent: σ(z) = 1 / (1 + e^(−z))"),
        Mistake(lambda X, w, b: np.tanh(X @ w + b),
                "that is tanh; this neuron uses the sigmoid σ(z) = 1 / (1 + e^(−z))"),
        Mistake(lambda X, w, b: sigmoid(X.sum(axis=1) * w.sum() + b),
                "your z multiplies the sum of the features by the sum of the weights; z pairs "
                "each feature with its own weight"),
    ]
    return run_check("neuron_output", fn, cases(_neuron, inputs, labels), hints=mistakes)


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
                "you returned Z = X Wᵀ + b; apply the ReLU max(0, z) to it"),
        Mistake(lambda X, W, b: relu(X @ W.T),
                "the bias b is missing: Z = X Wᵀ + b"),
        Mistake(lambda X, W, b: relu(X @ W.T) + b,
                "the bias was added after the ReLU; it belongs to z, before the activation"),
        Mistake(lambda X, W, b: np.minimum(X @ W.T + b, 0.0),
                "the ReLU keeps the positive part: max(0, z), not min(0, z)"),
    ]
    return run_check("relu_layer", fn, cases(_relu_layer, inputs, labels), hints=mistakes)
