"""Checking gradients against finite differences (chapter 4; the comparisons, chapter 6).

A backward pass is easy to get subtly wrong; central differences
(f(x + h) − f(x − h)) / 2h are slow but hard to get wrong, so we compare the two.
"""

import numpy as np

from . import _checks


def numerical_gradient(f, x, h=1e-6):
    """Central differences: ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h, in place. Chapter 4.

    f takes no arguments and returns a float that depends on the array x; every
    entry of x is restored afterwards, even if f raises. x must be float64 (a float32 x
    raises TypeError: the step h would be rounded to float32's spacing).
    """
    _checks.float_array(x, "numerical_gradient perturbs x in place, so x")
    h = _checks.real(h, "step h", 0, low_open=True)
    grad = np.zeros(x.shape, dtype=np.float64)
    _require_float64(x, h)
    for i in np.ndindex(x.shape):
        original = x[i]
        try:
            x[i] = original + h
            f_plus = _scalar(f())
            x[i] = original - h
            f_minus = _scalar(f())
        finally:
            x[i] = original
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def _require_float64(x, h):
    """Refuse x narrower than float64: x ± h would be rounded to x's spacing.

    In float32 the spacing near 1 is 1.2e-7, so x + 1e-6 moves x by a rounded step, up to
    6 % off the h we divide by, and a correct gradient would report errors of 1e-2 to 1e-1
    (chapter 4's exercise "The best step in single precision" explains the rounding).
    """
    if np.finfo(x.dtype).eps > np.finfo(np.float64).eps:
        spacing = float(np.spacing(np.ones(1, dtype=x.dtype))[0])
        raise TypeError(
            f"gradient checks need float64, got x of {x.dtype}: its spacing near 1 is "
            f"{spacing:.1e}, so the step h = {h:g} would be rounded and a correct gradient "
            "would look wrong. Check in float64 (e.g. nn.MLP(..., dtype=np.float64)); "
            "see chapter 4 on rounding"
        )


def _scalar(value):
    value = np.asarray(value)
    if value.size != 1:
        raise TypeError(
            f"numerical_gradient needs f() to return one number, got shape {value.shape}"
        )
    return float(value.reshape(()))


def relative_error(a, b):
    """‖a − b‖ / (‖a‖ + ‖b‖), 0 if both are 0: scale-free distance of two gradients. Chapter 6."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"relative_error: a has shape {a.shape} but b has shape {b.shape}")
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / denominator)


class GradientReport:
    """Relative error between analytic and numerical gradient, one row per parameter. Chapter 6."""

    def __init__(self, names, shapes, errors):
        self.names, self.shapes, self.errors = list(names), list(shapes), list(errors)

    @property
    def max_error(self):
        """The worst relative error over all parameters."""
        return max(self.errors)

    def ok(self, tol=1e-6):
        """True when every parameter's relative error is below tol."""
        return self.max_error < tol

    def __str__(self):
        width = max(len("parameter"), *(len(name) for name in self.names))
        rows = [f"{'parameter':<{width}}  {'shape':<12}  relative error"]
        for name, shape, error in zip(self.names, self.shapes, self.errors):
            rows.append(f"{name:<{width}}  {str(shape):<12}  {error:.2e}")
        return "\n".join(rows)

    __repr__ = __str__


def check_gradients(f, params, grads, names=None, h=1e-6):
    """Compare each analytic gradient with numerical_gradient(f, p) -> GradientReport. Chapter 6."""
    params, grads = list(params), list(grads)
    if not params:
        raise ValueError("check_gradients got no parameters to check")
    if len(params) != len(grads):
        raise ValueError(f"check_gradients got {len(grads)} gradients for {len(params)} parameters")
    names = list(names) if names is not None else [f"param {i}" for i in range(len(params))]
    if len(names) != len(params):
        raise ValueError(f"check_gradients got {len(names)} names for {len(params)} parameters")
    # copy first: an analytic gradient may live in a buffer that f() overwrites
    grads = [np.array(g, dtype=np.float64) for g in grads]
    errors = []
    for name, p, g in zip(names, params, grads):
        if g.shape != p.shape:
            raise ValueError(
                f"check_gradients: gradient of {name} has shape {g.shape}, parameter has {p.shape}"
            )
        errors.append(relative_error(g, numerical_gradient(f, p, h)))
    return GradientReport(names, [p.shape for p in params], errors)
