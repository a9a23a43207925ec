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
        (lambda x, y: (2 * x * y, x ** 2), "how does 3y change when y grows by 1"),
        (lambda x, y: (2 * x * y + 3, x ** 2 + 3), "does not depend on x"),
        (lambda x, y: (2 * x * y, 2 * x * y + 3), "treat x as a constant"),
        (lambda x, y: 2 * x * y, "expected 2 return values"),
        # learner.md: constants (the gradient at one point); it used to blame an int dtype
        (lambda x, y: (4, 4), "you returned 4 in every case"),
        (lambda x, y: (4.0, 4.0), "does not change when the inputs change"),
        # a value that is simply wrong: the case's inputs and the reader's own value
        (lambda x, y: (2 * x * y + x, x ** 2 + 3), "for x, y = 1.5, -0.5 you returned 0"),
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
        (lambda f, x, h: (f(x + h) - f(x - h)) / h, "how far apart"),
        # learner.md: the precedence slip, x ± h/2 and a step of one's own got "the value is wrong"
        (lambda f, x, h: f(x + h) - f(x - h) / (2 * h), "only f(x − h) is divided"),
        (lambda f, x, h: (f(x + h / 2) - f(x - h / 2)) / h, "x ± h/2"),
        (lambda f, x, h: (f(x + 1e-6) - f(x - 1e-6)) / (2 * 1e-6),
         "much smaller step than the given h = 0.1"),
        (lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h, "precedence"),
        (lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h), "wrong sign"),
        (lambda f, x, h: math.cos(x), "much smaller step than the given h = 0.1"),
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
        (lambda x, y, z: (y, x), "expected 3 return values"),
        # learner.md: x·y/y = x = 2 at case 1 is no constant factor
        (lambda x, y, z: (x * y, x * y, 1.0), "for x, y, z = (2.0, -1.0, 0.5) you returned -2"),
        (not_attempted, "not attempted"),
    ]:
        ok, out = run_check(c, fn, capsys)
        assert not ok and hint in out, out


@pytest.mark.parametrize("checker", ["partial_derivatives", "central_difference",
                                     "local_derivatives"])
def test_checks_never_raise_for_garbage(capsys, checker):
    for fn in ["not a function", lambda *a: "text", lambda *a: float("nan"),
               lambda *a: (float("inf"),) * 3]:
        ok, out = run_check(getattr(check.ch04, checker), fn, capsys)
        assert not ok and out.startswith("❌")


def test_a_pair_may_be_a_list_or_an_array(capsys):
    """learner.md: chapter 4's gradient() returns an array, so "the pair" may be one."""
    import numpy as np
    c = check.ch04.partial_derivatives
    assert run_check(c, lambda x, y: [2 * x * y, x ** 2 + 3], capsys)[0]
    assert run_check(c, lambda x, y: np.array([2 * x * y, x ** 2 + 3]), capsys)[0]
    ok, out = run_check(c, lambda x, y: np.array([x ** 2 + 3, 2 * x * y]), capsys)
    assert not ok and "swapped" in out


def test_no_constant_factor_from_one_coincidence(capsys):
    ok, out = run_check(check.ch04.local_derivatives, lambda x, y, z: (x * y, x * y, 1.0), capsys)
    assert not ok and "constant factor" not in out, out
