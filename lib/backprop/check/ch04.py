"""Self-checks for chapter 4 (derivatives and the chain rule)."""

import math

import numpy as np

from . import Case, Mistake, cases, run_check

__all__ = ["partial_derivatives", "central_difference", "local_derivatives"]


def _partials(x, y):
    return (2 * x * y, x * x + 3.0)


def partial_derivatives(fn):
    """Check fn(x, y) = (∂f/∂x, ∂f/∂y) for f(x, y) = x² y + 3y."""
    inputs = [(1.5, -0.5), (-1.0, 2.0), (2.0, 3.0), (0.5, 4.0)]
    labels = [f"x, y = {x:g}, {y:g}" for x, y in inputs]
    mistakes = [
        Mistake(lambda x, y: (x * x + 3.0, 2 * x * y),
                "the two partial derivatives are swapped: the statement asks for ∂f/∂x first"),
        Mistake(lambda x, y: (x * y, x * x + 3.0),
                "∂f/∂x: the power rule for x² was not applied (how does x² change per unit "
                "of x?)"),
        Mistake(lambda x, y: (2 * x, x * x + 3.0),
                "∂f/∂x: while x varies, y is a constant factor, and it stays in the derivative"),
        Mistake(lambda x, y: (2 * x * y, x * x),
                "∂f/∂y: the term 3y is missing from it; how does 3y change when y "
                "grows by 1?"),
        Mistake(lambda x, y: (2 * x * y + 3.0, x * x + 3.0),
                "∂f/∂x: the term 3y does not depend on x, so it adds nothing to ∂f/∂x"),
        Mistake(lambda x, y: (2 * x * y, 2 * x * y + 3.0),
                "∂f/∂y: treat x as a constant; x² y changes by x² per unit of y"),
    ]
    return run_check("partial_derivatives", fn,
                     cases(_partials, inputs, labels, names=("∂f/∂x", "∂f/∂y"),
                           output=_pair),
                     hints=mistakes)


def _pair(result, args):
    """Any length-2 sequence (a tuple, a list, an array like chapter 4's gradient) is a pair."""
    if not isinstance(result, (tuple, str, bytes)) and hasattr(result, "__len__"):
        try:
            if len(result) == 2:
                return tuple(result)
        except TypeError:
            pass
    return result


def _central(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


def central_difference(fn):
    """Check fn(f, x, h) = (f(x + h) − f(x − h)) / (2h) for a few functions and step sizes."""
    inputs = [(math.sin, 1.0, 0.1), (math.exp, 0.5, 0.01), (_cube, -2.0, 0.5),
              (math.tanh, 0.3, 1e-4)]
    labels = ["sin at x = 1, h = 0.1", "exp at x = 0.5, h = 0.01", "x³ at x = −2, h = 0.5",
              "tanh at x = 0.3, h = 1e-4"]
    mistakes = [
        Mistake(lambda f, x, h: (f(x + h) - f(x)) / h,
                "that is the one-sided (forward) difference; use one point on each side of x"),
        Mistake(lambda f, x, h: (f(x) - f(x - h)) / h,
                "that is the one-sided (backward) difference; use one point on each side of x"),
        Mistake(lambda f, x, h: (f(x + h) - f(x - h)) / h,
                "your quotient is twice the slope: how far apart are x − h and x + h?"),
        Mistake(lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h,
                "operator precedence: Python reads `/ 2 * h` as (… / 2) · h, so h ends up "
                "multiplying instead of dividing"),
        Mistake(lambda f, x, h: f(x + h) - f(x - h) / (2 * h),
                "operator precedence: only f(x − h) is divided; Python divides before it "
                "subtracts, so the difference must be grouped first"),
        Mistake(lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h),
                "wrong sign: your difference goes from the right point to the left one"),
        Mistake(lambda f, x, h: (f(x + h / 2) - f(x - h / 2)) / h,
                "your two points are x ± h/2; the statement's central difference uses x ± h"),
    ]

    def own_step(got, expected, case):  # a fixed step of the reader's, not the argument h
        f, x, h = case.args
        for step in (1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8):
            if step != h and np.ndim(got) == 0 and \
                    math.isclose(float(got), _central(f, x, step), rel_tol=1e-9, abs_tol=0.0):
                return (f"your result matches a much smaller step than the given h = {h:g} "
                        f"(the exact slope, or a step of your own?); the difference quotient "
                        f"must use the h the caller passes in")
        return None
    mistakes.append(own_step)
    return run_check("central_difference", fn, cases(_central, inputs, labels), hints=mistakes)


def _cube(x):
    return x ** 3


def _fma(x, y, z):
    return x * y + z


def _numeric_locals(op, args, h=1e-6):
    """Each input's local derivative of op by central differences."""
    out = []
    for i in range(len(args)):
        up, down = list(args), list(args)
        up[i] += h
        down[i] -= h
        out.append((op(*up) - op(*down)) / (2 * h))
    return tuple(out)


def local_derivatives(fn):
    """Check fn(x, y, z) = the local derivatives of out = x·y + z, against finite differences."""
    inputs = [(2.0, -1.0, 0.5), (0.5, 3.0, -2.0), (-1.5, -0.5, 4.0), (3.0, 0.0, 1.0)]
    expected = [Case(args, _numeric_locals(_fma, args), label=f"x, y, z = {args}",
                     names=("∂out/∂x", "∂out/∂y", "∂out/∂z")) for args in inputs]
    mistakes = [
        Mistake(lambda x, y, z: (x, y, 1.0),
                "∂out/∂x is the *other* factor: nudging x by h changes x·y by y·h"),
        Mistake(lambda x, y, z: (y, x, 0.0),
                "∂out/∂z is not 0: out changes when z changes; by how much per unit of z?"),
        Mistake(lambda x, y, z: (y, x, z),
                "∂out/∂z is the rate at which out changes with z, not the value of z"),
        Mistake(lambda x, y, z: (1.0, 1.0, 1.0),
                "only + has local derivatives 1; how fast x·y changes with x depends on y"),
        Mistake(lambda x, y, z: (x * y + z,) * 3,
                "you returned the op's output; return its three local derivatives"),
    ]
    return run_check("local_derivatives", fn, expected, hints=mistakes, rtol=1e-6, atol=1e-7)
