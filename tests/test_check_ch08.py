"""Chapter 8 self-checks: right answers pass, typical mistakes get their hint, no answer leaks."""

import numpy as np
import pytest

from backprop.check import ch08
from check_helpers import run_check


def _perceptron(w, b, x, t, lr):
    y_hat = float(w @ x + b > 0)
    return w + lr * (t - y_hat) * x, b + lr * (t - y_hat)


def _lms(w, b, x, d, alpha):
    error = d - (w @ x + b)
    gain = alpha / (x @ x + 1.0)
    return w + gain * error * x, b + gain * error


_P = ((np.arange(64)[:, None] >> np.arange(5, -1, -1)) & 1).astype(float)
_S = np.all(_P == _P[:, ::-1], axis=1)


def _detector(w):
    net = _P @ w
    return bool(np.all(np.abs(net[_S]) < 1e-9) and np.all(np.abs(net[~_S]) > 1e-9))



@pytest.mark.parametrize("check, fn", [(ch08.perceptron_step, _perceptron),
                                       (ch08.alpha_lms_step, _lms),
                                       (ch08.symmetry_detector, _detector)])
def test_right_answers_pass(check, fn, capsys):
    verdict, out = run_check(check, fn, capsys)
    assert verdict and out.startswith("✅"), out


def _not_done(*args):
    raise NotImplementedError()


@pytest.mark.parametrize("check", [ch08.perceptron_step, ch08.alpha_lms_step,
                                   ch08.symmetry_detector])
def test_not_attempted(check, capsys):
    verdict, out = run_check(check, _not_done, capsys)
    assert not verdict and "not attempted" in out


def _flip(fn):
    def wrong(w, b, *rest):
        new_w, new_b = fn(w, b, *rest)
        return 2 * w - new_w, 2 * b - new_b
    return wrong


@pytest.mark.parametrize("wrong, hint", [
    (_flip(_perceptron), "wrong way"),
    (lambda w, b, x, t, lr: (_perceptron(w, b, x, t, lr)[0], b), "bias did not move"),
    (lambda w, b, x, t, lr: (w + lr * t * x, b + lr * t), "when the unit is right"),
    (lambda w, b, x, t, lr: (w + lr * (t - w @ x - b) * x, b + lr * (t - w @ x - b)),
     "thresholded output"),
    (lambda w, b, x, t, lr: (w + lr * (t - float(w @ x + b >= 0)) * x,
                             b + lr * (t - float(w @ x + b >= 0))), "exactly 0"),
    (lambda w, b, x, t, lr: _perceptron(w, b, x, t, lr)[0], "2 return values"),
])
def test_perceptron_mistakes_get_their_hint(wrong, hint, capsys):
    verdict, out = run_check(ch08.perceptron_step, wrong, capsys)
    assert not verdict and out.startswith("❌") and hint in out, out


def _in_place(w, b, x, t, lr):
    new_w, new_b = _perceptron(w, b, x, t, lr)
    w[...] = new_w
    return w, new_b


def test_perceptron_in_place_is_flagged(capsys):
    verdict, out = run_check(ch08.perceptron_step, _in_place, capsys)
    assert not verdict and "in place" in out, out


@pytest.mark.parametrize("wrong, hint", [
    (lambda w, b, x, d, a: (w + a * (d - w @ x - b) * x, b + a * (d - w @ x - b)), "μ-LMS"),
    (lambda w, b, x, d, a: (w + a * (d - w @ x - b) * x / (x @ x),
                            b + a * (d - w @ x - b) / (x @ x)), "|x|² + 1, not |x|²"),
    (lambda w, b, x, d, a: (w + a * (d - w @ x - b) * x / np.sqrt(x @ x + 1),
                            b + a * (d - w @ x - b) / np.sqrt(x @ x + 1)), "instead of its square"),
    (_flip(_lms), "wrong direction"),
    (lambda w, b, x, d, a: (_lms(w, b, x, d, a)[0], b), "bias did not move"),
])
def test_lms_mistakes_get_their_hint(wrong, hint, capsys):
    verdict, out = run_check(ch08.alpha_lms_step, wrong, capsys)
    assert not verdict and out.startswith("❌") and hint in out, out


@pytest.mark.parametrize("wrong, hint", [
    (lambda w: bool(np.all(np.abs(_P[_S] @ w) < 1e-9)), "56 asymmetric"),
    (lambda w: bool(np.all(np.abs(_P[~_S] @ w) > 1e-9)), "8 symmetric"),
    (lambda w: True, "56 asymmetric"),
    (lambda w: False, "wrong verdict for ratio 1:2:4"),
    (lambda w: 1, "True or False"),
])
def test_symmetry_mistakes_get_their_hint(wrong, hint, capsys):
    verdict, out = run_check(ch08.symmetry_detector, wrong, capsys)
    assert not verdict and out.startswith("❌") and hint in out, out


def test_no_answer_leaks(capsys):
    ch08.perceptron_step(lambda w, b, x, t, lr: (w * 0 + 0.123456, b))
    ch08.alpha_lms_step(lambda w, b, x, d, a: (w * 0 + 0.123456, b))
    out = capsys.readouterr().out
    for w, b, x, t, lr in [(np.array([0.5, -1.0, 0.25]), -0.5, np.array([1.0, 0.0, 2.0]), 0, 1.0)]:
        for value in _perceptron(w, b, x, t, lr)[0]:
            assert f"{value:g}" not in out.replace("0.123456", "")
    assert "True" not in out and "False" not in out


def test_the_library_s_own_updates_are_refused(capsys):
    from backprop import classic
    from backprop.classic import lms_update
    ok, out = run_check(ch08.perceptron_step,
                        lambda w, b, x, t, lr: classic.perceptron_update(w, b, x, t, lr), capsys)
    assert not ok and "calls the library's `classic.perceptron_update`" in out, out
    ok, out = run_check(ch08.alpha_lms_step, lambda w, b, x, d, a: lms_update(w, b, x, d, a),
                        capsys)
    assert not ok and "calls the library's `classic.lms_update`" in out, out


# ---- by_analogy (the family trees) ------------------------------------------------------

def _analogy(X_train, Y_train, x):
    person, relation = int(np.argmax(x[:24])), int(np.argmax(x[24:]))
    twin = np.zeros(36)
    twin[(person + 12) % 24], twin[24 + relation] = 1, 1
    for row, y in zip(X_train, Y_train):
        if np.array_equal(row, twin):
            return np.roll(y, 12)
    return np.zeros(24)


def test_by_analogy_right_answer_passes(capsys):
    verdict, out = run_check(ch08.by_analogy, _analogy, capsys)
    assert verdict and out.startswith("✅"), out


def test_by_analogy_not_attempted(capsys):
    verdict, out = run_check(ch08.by_analogy, _not_done, capsys)
    assert not verdict and "not attempted" in out


def _no_zeros(X_train, Y_train, x):
    y = _analogy(X_train, Y_train, x)
    return y if y.any() else None


def _not_moved(X_train, Y_train, x):
    return np.roll(_analogy(X_train, Y_train, x), 12)


def _person_only(X_train, Y_train, x):
    twin = (int(np.argmax(x[:24])) + 12) % 24
    return np.roll(Y_train[np.flatnonzero(X_train[:, twin] == 1)[0]], 12)


@pytest.mark.parametrize("wrong, hint", [(_no_zeros, "return 24 zeros"),
                                         (_not_moved, "must move across"),
                                         (_person_only, "same relation")])
def test_by_analogy_mistakes_get_their_hint(wrong, hint, capsys):
    verdict, out = run_check(ch08.by_analogy, wrong, capsys)
    assert not verdict and out.startswith("❌") and hint in out, out
