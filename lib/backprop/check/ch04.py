"""Self-checks for chapter 4 (derivatives and the chain rule)."""

import math

from . import Case, Mistake, cases, run_check

__all__ = ["partial_derivatives", "central_difference", "local_derivatives",
           "log_sigmoid_slope"]


def _partials(x, y):
    return (2 * x * y, x * x + 3.0)


def partial_derivatives(fn):
    """Check fn(x, y) = (∂f/∂x, ∂f/∂y) for f(x, y) = x² y + 3y."""
    inputs = [(1.5, -0.5), (-1.0, 2.0), (2.0, 3.0), (0.5, 4.0)]
    mistakes = [
        Mistake(lambda x, y: (x * x + 3.0, 2 * x * y),
                "the two partial derivatives are swapped: return (∂f/∂x, ∂f/∂y)"),
        Mistake(lambda x, y: (x * y, x * x + 3.0),
                "∂f/∂x: the power rule gives d(x²)/dx = 2x"),
        Mistake(lambda x, y: (2 * x, x * x + 3.0),
                "∂f/∂x: while x varies, y is a constant factor, and it stays in the derivative"),
        Mistake(lambda x, y: (2 * x * y, x * x),
                "∂f/∂y: how does 3y change when y grows by 1?"),
        Mistake(lambda x, y: (2 * x * y + 3.0, x * x + 3.0),
                "∂f/∂x: the term 3y does not depend on x, so it adds nothing to ∂f/∂x"),
        Mistake(lambda x, y: (2 * x * y, 2 * x * y + 3.0),
                "∂f/∂y: treat x as a constant; x² y changes by x² per unit of y"),
    ]
    mistakes += [
        Mistake(lambda x, y: (4.0, 4.0),
                "your result does not change with x and y: return the partial derivatives as "
                "formulas in x and y, not their values at one point"),
        Mistake(lambda x, y: (4, 4),
                "your result does not change with x and y: return the partial derivatives as "
                "formulas in x and y, not their values at one point"),
    ]
    labels = [f"x, y = {x}, {y}" for x, y in inputs]
    return run_check("partial_derivatives", fn,
                     cases(_partials, inputs, labels, names=("∂f/∂x", "∂f/∂y")), hints=mistakes)


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
                "check the operator precedence of `/ 2 * h`: which operation does Python do "
                "first?"),
        Mistake(lambda f, x, h: f(x + h) - f(x - h) / (2 * h),
                "check the operator precedence: only f(x − h) is divided by 2h in your "
                "expression"),
        Mistake(lambda f, x, h: (f(x + 1e-6) - f(x - 1e-6)) / 2e-6,
                "your estimate does not change with the step: use the h you are given"),
        Mistake(lambda f, x, h: (f(x + h / 2) - f(x - h / 2)) / h,
                "the two points should be x − h and x + h, a step h on each side of x"),
        Mistake(lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h),
                "wrong sign: the slope is positive where f rises; which value should be subtracted "
                "from which?"),
    ]
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
        Mistake(lambda x, y, z: (x * y, x * y, 1.0),
                "you returned the product x·y itself for x and y; the local derivative is how "
                "fast x·y changes when only one of them moves"),
        Mistake(lambda x, y, z: (x * y + z,) * 3,
                "you returned the op's output; return its three local derivatives"),
    ]
    return run_check("local_derivatives", fn, expected, hints=mistakes, rtol=1e-6, atol=1e-7)


# ---- the chain rule on log σ(z) ------------------------------------------------------------

def _sig(z):
    return 1.0 / (1.0 + math.exp(-z))


def _log_sigmoid_slope(z):
    return 1.0 - _sig(z)


def log_sigmoid_slope(fn):
    """Check fn(z) = d/dz log σ(z), which the chain rule gives as 1 − σ(z)."""
    inputs = [(-3.0,), (-0.5,), (0.8,), (2.5,)]
    mistakes = [
        Mistake(lambda z: 1.0 / _sig(z),
                "you stopped after the outer step: the logarithm's slope at σ(z) still has to be "
                "multiplied by the slope of the inner step, σ"),
        Mistake(lambda z: _sig(z) * (1.0 - _sig(z)),
                "that is the inner step's slope alone; the outer step, the logarithm, "
                "contributes a factor too"),
        Mistake(lambda z: _sig(z),
                "close: after the cancellation, which of σ(z) and 1 − σ(z) is left? For very "
                "negative z, log σ(z) ≈ z, so the slope should approach 1 there"),
        Mistake(lambda z: -(1.0 - _sig(z)),
                "wrong sign: log σ(z) rises as z rises"),
        Mistake(lambda z: math.log(_sig(z)),
                "you returned log σ(z) itself, not its slope"),
    ]
    return run_check("log_sigmoid_slope", fn,
                     cases(_log_sigmoid_slope, inputs, names=("slope",)), hints=mistakes)
