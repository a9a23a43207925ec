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
    (lambda k, x, y: _pg_right(k, x, y) * len(x), "1/N is missing"),
    (lambda k, x, y: np.full(len(k), np.mean(np.vander(x, len(k), increasing=True) @ k - y)),
     "x^j"),
    (lambda k, x, y: np.vander(x, len(k)).T @ (np.vander(x, len(k)) @ k - y) / len(x),
     "lowest power first"),
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


def _adam_right(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def test_adam_reference_passes_and_matches_the_library(capsys):
    verdict, out = run_check(ch03.adam_step, _adam_right, capsys)
    assert verdict and out.startswith("✅"), out
    from backprop import optim
    rng = np.random.default_rng(0)
    w_lib = rng.normal(size=5)
    w, m, v = w_lib.copy(), np.zeros(5), np.zeros(5)
    opt = optim.Adam([w_lib], lr=0.05)
    for t in range(1, 20):
        g = rng.normal(size=5)
        opt.step([g])
        w, m, v = _adam_right(w, g, m, v, t, 0.05)
    assert np.allclose(w, w_lib, rtol=1e-12, atol=1e-14)


def _adam_variant(correct=(True, True), sqrt=True, betas_swapped=False, sign=1.0,
                  update_state=True, square=True, t_shift=0):
    def step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        b1, b2 = (beta2, beta1) if betas_swapped else (beta1, beta2)
        t = t + t_shift
        m_new = b1 * m + (1 - b1) * g
        v_new = b2 * v + (1 - b2) * (g**2 if square else np.abs(g))
        m_hat = m_new / (1 - b1**t) if correct[0] else m_new
        v_hat = v_new / (1 - b2**t) if correct[1] else v_new
        scale = np.sqrt(v_hat) if sqrt else v_hat
        w_new = w - sign * lr * m_hat / (scale + eps)
        return (w_new, m_new, v_new) if update_state else (w_new, m, v)
    return step


@pytest.mark.parametrize("wrong, hint", [
    (_adam_variant(correct=(False, False)), "without the bias correction"),
    (_adam_variant(correct=(True, False)), "only m is bias-corrected"),
    (_adam_variant(correct=(False, True)), "only v is bias-corrected"),
    (_adam_variant(sqrt=False), "square root"),
    (_adam_variant(betas_swapped=True), "swapped"),
    (_adam_variant(square=False), "squared gradient"),
    (_adam_variant(sign=-1.0), "uphill"),
    (_adam_variant(update_state=False), "updated m and v"),
    (_adam_variant(t_shift=1), "counts steps from 1"),
])
def test_adam_mistakes_get_their_hint(wrong, hint, capsys):
    verdict, out = run_check(ch03.adam_step, wrong, capsys)
    assert not verdict and out.startswith("❌") and hint in out, out


def test_adam_returning_corrected_averages_gets_its_hint(capsys):
    def corrected(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        w_new, m_new, v_new = _adam_right(w, g, m, v, t, lr, beta1, beta2, eps)
        return w_new, m_new / (1 - beta1**t), v_new / (1 - beta2**t)

    verdict, out = run_check(ch03.adam_step, corrected, capsys)
    assert not verdict and "returned the bias-corrected" in out, out


def test_adam_in_place_and_stub(capsys):
    def in_place(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * g**2
        return w - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), m, v

    verdict, out = run_check(ch03.adam_step, in_place, capsys)
    assert not verdict and "in place" in out, out

    def stub(*args, **kwargs):
        raise NotImplementedError()

    verdict, out = run_check(ch03.adam_step, stub, capsys)
    assert not verdict and "not attempted" in out


def test_adam_expected_never_printed(capsys):
    def slightly_off(*args, **kwargs):
        w, m, v = _adam_right(*args, **kwargs)
        return w + 0.01, m, v

    _, out = run_check(ch03.adam_step, slightly_off, capsys)
    assert out.startswith("❌")
    rng = np.random.default_rng(303)
    w0 = rng.normal(size=3)
    expected, _, _ = _adam_right(w0, np.array([2.0, -0.5, 1e-3]), np.zeros(3), np.zeros(3), 1, 0.1)
    for value in expected:
        for digits in (2, 3, 4):
            assert f"{value:.{digits}f}" not in out


# ---- slips found by trying the exercises as a learner (issue 15, section 3) -------------

def _gd_gradient_once(grad, w0, lr, steps):  # the gradient taken at w0, reused every step
    g = grad(np.array(w0, dtype=float))
    return _gd_right(lambda w: g, w0, lr, steps)


def _gd_library(grad, w0, lr, steps):  # the library's optimizer, which the exercise rebuilds
    from backprop import optim
    w = np.array(w0, dtype=float)
    opt = optim.SGD([w], lr)
    path = [w.copy()]
    for _ in range(steps):
        opt.step([grad(w)])
        path.append(w.copy())
    return np.array(path)


def test_gradient_taken_once_gets_its_own_hint(capsys):
    verdict, out = run_check(ch03.gradient_descent, _gd_gradient_once, capsys)
    assert not verdict and "the first step is right" in out and "not at w0" in out, out


def test_calling_the_library_optimizers_is_refused_and_they_work_again_afterwards(capsys):
    from backprop import optim
    verdict, out = run_check(ch03.gradient_descent, _gd_library, capsys)
    assert not verdict and "library's `SGD.step`" in out, out
    assert "step" not in optim.SGD.__dict__                 # the inherited step is back
    w = np.ones(2)
    optim.SGD([w], 0.5).step([np.ones(2)])
    assert np.allclose(w, 0.5)

    def adam_by_library(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        w = np.array(w, dtype=float)
        opt = optim.Adam([w], lr, betas=(beta1, beta2), eps=eps)
        opt.m, opt.v, opt.t = [m.copy()], [v.copy()], t - 1
        opt.step([g])
        return w, opt.m[0], opt.v[0]

    verdict, out = run_check(ch03.adam_step, adam_by_library, capsys)
    assert not verdict and "library's `Adam.step`" in out, out
    assert "step" not in optim.Adam.__dict__


@pytest.mark.parametrize("wrong, hint", [
    (lambda k, x, y: _pg_right(k, x, y) * len(x) / len(k), "number of coefficients D"),
    (lambda k, x, y: np.vander(x, len(k), increasing=True).T
     @ (np.vander(x, len(k), increasing=True) @ k - y) ** 2 / len(x), "not squared"),
    (lambda k, x, y: np.vander(x, len(k), increasing=True).T @ (np.polyval(k, x) - y) / len(x),
     "np.polyval"),
])
def test_polynomial_gradient_more_slips_get_their_hint(wrong, hint, capsys):
    verdict, out = run_check(ch03.polynomial_gradient, wrong, capsys)
    assert not verdict and hint in out, out


def _adam_eps_inside(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    return w - lr * (m / (1 - beta1**t)) / np.sqrt(v / (1 - beta2**t) + eps), m, v


def _adam_weights_swapped(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = (1 - beta1) * m + beta1 * g
    v = (1 - beta2) * v + beta2 * g**2
    return w - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), m, v


def _adam_no_power(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    return w - lr * (m / (1 - beta1)) / (np.sqrt(v / (1 - beta2)) + eps), m, v


def _adam_m_v_swapped(*args, **kwargs):
    w, m, v = _adam_right(*args, **kwargs)
    return w, v, m


@pytest.mark.parametrize("wrong, hint", [
    (_adam_eps_inside, "ε goes after the square root"),
    (_adam_weights_swapped, "keeps β of its old value"),
    (_adam_no_power, "to the power of the step count t"),
    (_adam_m_v_swapped, "m and v come back swapped"),
])
def test_adam_more_slips_get_their_hint(wrong, hint, capsys):
    verdict, out = run_check(ch03.adam_step, wrong, capsys)
    assert not verdict and hint in out, out
