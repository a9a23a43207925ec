"""Chapter 4 self-checks: right answers pass, typical mistakes get their hint, no answer leaks."""

import math

import pytest

from backprop import check
from check_helpers import run_check


def not_attempted(*args):
    raise NotImplementedError()


def test_partial_derivatives(capsys):
    c = check.ch04.partial_derivatives
    assert run_check(c, lambda x, y: (2 * x * y, x ** 2 + 3), capsys)[0]
    for fn, hint in [
        (lambda x, y: (x ** 2 + 3, 2 * x * y), "swapped"),
        (lambda x, y: (x * y, x ** 2 + 3), "power rule"),
        (lambda x, y: (2 * x, x ** 2 + 3), "constant factor"),
        (lambda x, y: (2 * x * y, x ** 2), "how does 3y change"),
        (lambda x, y: (2 * x * y + 3, x ** 2 + 3), "does not depend on x"),
        (lambda x, y: (2 * x * y, 2 * x * y + 3), "treat x as a constant"),
        (lambda x, y: (4.0, 4.0), "does not change with x and y"),
        (lambda x, y: (4, 4), "does not change with x and y"),
        (lambda x, y: 2 * x * y, "expected 2 return values"),
        (lambda x, y: None, "expected 2 return values"),
        (not_attempted, "not attempted"),
        (lambda x, y: 1 / 0, "ZeroDivisionError"),
    ]:
        ok, out = run_check(c, fn, capsys)
        assert not ok and out.startswith("❌ partial_derivatives") and hint in out, out
        assert "3.25" not in out and "-1.5" not in out   # case 1's expected (∂f/∂y, ∂f/∂x)


def test_central_difference(capsys):
    c = check.ch04.central_difference
    assert run_check(c, lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h), capsys)[0]
    for fn, hint in [
        (lambda f, x, h: (f(x + h) - f(x)) / h, "forward"),
        (lambda f, x, h: (f(x) - f(x - h)) / h, "backward"),
        (lambda f, x, h: (f(x + h) - f(x - h)) / h, "twice the slope"),
        (lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h, "precedence"),
        (lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h), "wrong sign"),
        (lambda f, x, h: f(x + h) - f(x - h) / (2 * h), "only f(x − h) is divided"),
        (lambda f, x, h: (f(x + 1e-6) - f(x - 1e-6)) / 2e-6, "use the h you are given"),
        (lambda f, x, h: (f(x + h / 2) - f(x - h / 2)) / h, "a step h on each side"),
        (lambda f, x, h: math.cos(x), "use the h you are given"),   # the exact slope
        (not_attempted, "not attempted"),
    ]:
        ok, out = run_check(c, fn, capsys)
        assert not ok and hint in out, out
        expected = (math.sin(1.1) - math.sin(0.9)) / 0.2
        assert f"{expected:.3f}"[:5] not in out


def test_local_derivatives(capsys):
    c = check.ch04.local_derivatives
    assert run_check(c, lambda x, y, z: (y, x, 1.0), capsys)[0]
    assert run_check(c, lambda x, y, z: [y, x, 1], capsys)[0]
    for fn, hint in [
        (lambda x, y, z: (x, y, 1.0), "other* factor"),
        (lambda x, y, z: (y, x, 0.0), "∂out/∂z is not 0"),
        (lambda x, y, z: (y, x, z), "not the value of z"),
        (lambda x, y, z: (1.0, 1.0, 1.0), "only + has"),
        (lambda x, y, z: (x * y + z,) * 3, "output"),
        (lambda x, y, z: (x * y, x * y, 1.0), "the product x·y itself"),
        (lambda x, y, z: (y, x), "expected 3 return values"),
        (not_attempted, "not attempted"),
    ]:
        ok, out = run_check(c, fn, capsys)
        assert not ok and hint in out, out


def test_log_sigmoid_slope(capsys):
    c = check.ch04.log_sigmoid_slope

    def sig(z):
        return 1 / (1 + math.exp(-z))
    assert run_check(c, lambda z: 1 - sig(z), capsys)[0]
    assert run_check(c, lambda z: sig(-z), capsys)[0]
    assert run_check(c, lambda z: math.exp(-z) / (1 + math.exp(-z)), capsys)[0]
    for fn, hint in [
        (lambda z: 1 / sig(z), "stopped after the outer step"),
        (lambda z: sig(z) * (1 - sig(z)), "inner step's slope alone"),
        (lambda z: sig(z), "which of σ(z) and 1 − σ(z)"),
        (lambda z: sig(z) - 1, "wrong sign"),
        (lambda z: math.log(sig(z)), "not its slope"),
        (not_attempted, "not attempted"),
    ]:
        ok, out = run_check(c, fn, capsys)
        assert not ok and out.startswith("❌ log_sigmoid_slope") and hint in out, out
        assert f"{1 - sig(-3.0):.4f}" not in out            # case 1's expected slope


@pytest.mark.parametrize("checker", ["partial_derivatives", "central_difference",
                                     "local_derivatives", "log_sigmoid_slope"])
def test_checks_never_raise_for_garbage(capsys, checker):
    for fn in ["not a function", lambda *a: "text", lambda *a: float("nan"),
               lambda *a: (float("inf"),) * 3]:
        ok, out = run_check(getattr(check.ch04, checker), fn, capsys)
        assert not ok and out.startswith("❌")
