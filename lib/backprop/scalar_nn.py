"""A multilayer perceptron built neuron by neuron from ``Value`` (chapter 5).

Neuron i of a layer computes  aᵢ = σ(Σⱼ Wᵢⱼ xⱼ + bᵢ), with σ the layer's activation.
The matrix-form ``nn.MLP`` computes the same numbers for a whole batch at once
(chapter 6).
"""

import numpy as np

from . import _checks, seeds
from .scalar import Value

__all__ = ["ScalarMLP"]

_ACTIVATIONS = {
    "relu": Value.relu,
    "tanh": Value.tanh,
    "sigmoid": Value.sigmoid,
    "identity": lambda v: v,
}


class ScalarMLP:
    """Layers of ``Value`` neurons; ``W[l][i][j]`` has the shape of ``nn.MLP``'s W (n_out, n_in)."""

    def __init__(self, sizes, activation="relu", output="identity", seed=0):
        sizes = _check_sizes(sizes)
        rng = seeds.rng(seed)
        weights = [rng.uniform(-1, 1, (n_out, n_in)) / np.sqrt(n_in)
                   for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        biases = [np.zeros(n_out) for n_out in sizes[1:]]
        self._build(weights, biases, activation, output)

    @classmethod
    def from_arrays(cls, weights, biases, activation="relu", output="identity"):
        """A ScalarMLP holding copies of the given weight matrices and bias vectors."""
        net = cls.__new__(cls)
        net._build(weights, biases, activation, output)
        return net

    def _build(self, weights, biases, activation, output):
        for name in (activation, output):
            if name not in _ACTIVATIONS:
                raise ValueError(f"unknown activation {name!r}; choose from {sorted(_ACTIVATIONS)}")
        if len(weights) != len(biases):
            raise ValueError(f"{len(weights)} weight matrices but {len(biases)} bias vectors")
        self.W = [[[Value(float(w), label=f"W{l + 1}[{i},{j}]") for j, w in enumerate(row)]
                   for i, row in enumerate(np.asarray(Wl, dtype=float))]
                  for l, Wl in enumerate(weights)]
        self.b = [[Value(float(b), label=f"b{l + 1}[{i}]") for i, b in enumerate(np.ravel(bl))]
                  for l, bl in enumerate(biases)]
        self.sizes = [len(self.W[0][0])] + [len(layer) for layer in self.W]
        self.activation, self.output = activation, output

    def __call__(self, x):
        """The network's outputs for one example x (a sequence of numbers or Values)."""
        a = list(x)
        if len(a) != self.sizes[0]:
            raise ValueError(f"ScalarMLP expects {self.sizes[0]} inputs, got {len(a)}")
        last = len(self.W) - 1
        for l, (W, b) in enumerate(zip(self.W, self.b)):
            f = _ACTIVATIONS[self.output if l == last else self.activation]
            a = [f(Value.dot(row, a) + bias) for row, bias in zip(W, b)]
        return a

    def parameters(self):
        """All weights and biases, layer by layer: W1 row by row, b1, W2, b2, ..."""
        return [v for W, b in zip(self.W, self.b) for v in [*(w for row in W for w in row), *b]]

    def grads_as_arrays(self):
        """The gradients as NumPy arrays shaped like nn.MLP.params: [W1, b1, W2, b2, ...]."""
        out = []
        for W, b in zip(self.W, self.b):
            out.append(np.array([[w.grad for w in row] for row in W]))
            out.append(np.array([v.grad for v in b]))
        return out


def _check_sizes(sizes):
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(f"layer sizes must be at least two positive integers, got {sizes}")
    return [_checks.integer(n, "every layer size", minimum=1) for n in sizes]
