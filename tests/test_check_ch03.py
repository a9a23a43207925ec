"""Chapter 3 self-checks: right answers pass, typical mistakes get their hint, no answer leaks."""

import numpy as np
import pytest

from backprop.check import ch03
from check_helpers import run_check


def _gd_right(grad, w0, lr, steps):
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(steps):
        w = w - lr * grad(w)
        path.append(w)
    return np.array(path)


def _pg_right(k, x, y):
    A = np.column_stack([x**j for j in range(len(k))])
    return A.T @ (A @ k - y) / len(x)



def test_right_answers_pass(capsys):
    for check, fn in ((ch03.gradient_descent, _gd_right), (ch03.polynomial_gradient, _pg_right)):
        verdict, out = run_check(check, fn, capsys)
        assert verdict and out.startswith("✅"), out


def _in_place(grad, w0, lr, steps):  # mutates the caller's w0 and aliases every row
    w = w0
    path = [w]
    for _ in range(steps):
        w -= lr * grad(w)
        path.append(w)
    return np.array(path)


def _copies_but_mutates(grad, w0, lr, steps):  # right path, but changes w0 in place
    path = [w0.copy()]
    for _ in range(steps):
        w0 -= lr * grad(w0)
        path.append(w0.copy())
    return np.array(path)


@pytest.mark.parametrize("wrong, hint", [
    (lambda g, w0, lr, n: _gd_right(lambda w: -g(w), w0, lr, n), "climbs"),
    (lambda g, w0, lr, n: _gd_right(g, w0, lr, n)[1:], "one row short"),
    (lambda g, w0, lr, n: _gd_right(g, w0, lr, n)[-1], "only the last point"),
    (lambda g, w0, lr, n: _gd_right(g, w0, lr, max(n - 1, 0)), "one step short"),
    (_in_place, "same array"),
    (_copies_but_mutates, "in place"),
    (lambda g, w0, lr, n: _gd_right(g, w0, 2 * lr, n), "entries"),
])
def test_gradient_descent_mistakes_get_their_hint(wrong, hint, capsys):
    verdict, out = run_check(ch03.gradient_descent, wrong, capsys)
    assert not verdict and out.startswith("❌") and hint in out, out


@pytest.mark.parametrize("wrong, hint", [
    (lambda k, x, y: -_pg_right(k, x, y), "wrong sign"),
    (lambda k, x, y: _pg_right(k, x, y) * len(x), "divide by N"),
    (lambda k, x, y: np.full(len(k), np.mean(np.vander(x, len(k), increasing=True) @ k - y)),
     "x^j"),
    (lambda k, x, y: np.vander(x, len(k)).T @ (np.vander(x, len(k)) @ k - y) / len(x),
     "increasing=True"),
    (lambda k, x, y: _pg_right(k, x, y).reshape(-1, 1), "flat array"),
])
def test_polynomial_gradient_mistakes_get_their_hint(wrong, hint, capsys):
    verdict, out = run_check(ch03.polynomial_gradient, wrong, capsys)
    assert not verdict and out.startswith("❌") and hint in out, out


def test_not_attempted_and_crashes_do_not_raise(capsys):
    def stub(*args):
        raise NotImplementedError()

    for check in (ch03.gradient_descent, ch03.polynomial_gradient):
        verdict, out = run_check(check, stub, capsys)
        assert not verdict and "not attempted" in out
    verdict, out = run_check(ch03.polynomial_gradient, lambda k, x, y: k @ x, capsys)
    assert not verdict and "raised" in out


def test_expected_answers_never_printed(capsys):
    rng = np.random.default_rng(301)
    k, x, y = rng.normal(size=6), rng.uniform(-1, 1, 20), rng.normal(size=20)
    expected = _pg_right(k, x, y)
    _, out = run_check(ch03.polynomial_gradient, lambda k, x, y: _pg_right(k, x, y) + 0.01, capsys)
    assert out.startswith("❌")
    for value in expected:
        for digits in (2, 3, 4):
            assert f"{value:.{digits}f}" not in out
