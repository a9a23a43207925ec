"""Activation functions σ and their derivatives σ', side by side (chapter 1).

Every function takes an array z (any shape) and returns a new array of the same shape.
``ACTIVATIONS`` at the bottom is the table the layers look names up in.
"""

from collections import namedtuple

import numpy as np

from . import _checks


def _floats(z):
    """z as a float array (float32 stays float32; ints and lists become float64)."""
    z = np.asarray(z)
    return z if z.dtype.kind == "f" else z.astype(np.float64)


def identity(z):
    """Identity: σ(z) = z. Chapter 1."""
    return _floats(z).copy()


def identity_derivative(z):
    """σ'(z) = 1. Chapter 1."""
    return np.ones_like(_floats(z))


def sigmoid(z):
    """Logistic sigmoid: σ(z) = 1 / (1 + e^(−z)), built from e^(−|z|): no overflow. Chapter 1."""
    z = _floats(z)
    e = np.exp(-np.abs(z))  # in (0, 1] for every z
    numerator = np.where(z >= 0, 1.0, e).astype(z.dtype, copy=False)  # z ≥ 0: 1/(1+e), else e/(1+e)
    return numerator / (1.0 + e)


def sigmoid_derivative(z):
    """σ'(z) = σ(z) (1 − σ(z)). Chapter 1."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """Hyperbolic tangent: σ(z) = (e^z − e^(−z)) / (e^z + e^(−z)). Chapter 1."""
    return np.tanh(_floats(z))


def tanh_derivative(z):
    """σ'(z) = 1 − tanh(z)². Chapter 1."""
    t = tanh(z)
    return 1.0 - t * t


def relu(z):
    """Rectified linear unit: σ(z) = max(0, z). Chapter 1."""
    return np.maximum(_floats(z), 0.0)


def relu_derivative(z):
    """σ'(z) = 1 if z > 0 else 0 (we take 0 at the kink z = 0). Chapter 1."""
    z = _floats(z)
    return (z > 0).astype(z.dtype)


def softmax(z, axis=-1, temperature=1.0):
    """Softmax: s_k = e^(z_k/T) / Σ_j e^(z_j/T) along `axis` (minus max z: finite). Chapter 2."""
    temperature = _temperature(temperature)
    z = _floats(z)
    if temperature != 1.0:
        z = z / temperature
    e = np.exp(z - z.max(axis=axis, keepdims=True))  # largest exponent is 0: no overflow
    return e / e.sum(axis=axis, keepdims=True)


def _temperature(temperature):
    return _checks.real(temperature, "softmax temperature", 0.0, low_open=True)


def softmax_vjp(s, g, axis=-1, temperature=1.0):
    """Through softmax: s = softmax(z), g = dL/ds give dL/dz = s ⊙ (g − Σ_k g_k s_k) / T. Chapter 6.

    The softmax Jacobian J = diag(s) − s sᵀ is not diagonal, so instead of an
    elementwise σ'(z) we return the vector-Jacobian product gᵀJ without forming J.
    """
    s, g = _floats(s), _floats(g)
    if s.shape != g.shape:
        raise ValueError(f"softmax_vjp: s has shape {s.shape} but g has shape {g.shape}")
    temperature = _temperature(temperature)
    dot = np.sum(g * s, axis=axis, keepdims=True)
    grad = s * (g - dot)
    if temperature != 1.0:
        grad /= temperature
    return grad


Activation = namedtuple("Activation", ["name", "f", "df"])
Activation.__doc__ = """An activation: name, σ = f(z), σ' = df(z) or None."""

# name -> (σ, σ'). Softmax has no elementwise derivative: backpropagate through it with softmax_vjp.
ACTIVATIONS = {
    "identity": (identity, identity_derivative),
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "softmax": (softmax, None),
}


def get(name):
    """Look up an activation by name in ACTIVATIONS -> Activation(name, f, df). Chapter 1."""
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise TypeError(f"activation must be a name (str), got {type(name).__name__}")
    try:
        f, df = ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; choose one of: {known}") from None
    return Activation(name, f, df)
