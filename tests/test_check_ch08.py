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
                            b + a * (d - w @ x - b) / (x @ x)), "you divided by |x|²"),
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
    (lambda w: False, "answers False for every weight vector"),
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


# ---- slips a new learner makes (issue 15 §3): each gets a hint that names it ------------

def _rule(output=lambda w, b, x: float(w @ x + b > 0), lr_w=True, lr_b=True, bias_x=False):
    def step(w, b, x, t, lr):
        error = t - output(w, b, x)
        new_b = b + (lr if lr_b else 1.0) * error * (x if bias_x else 1.0)
        return w + (lr if lr_w else 1.0) * error * x, new_b
    return step


def _t_on_mistakes(w, b, x, t, lr):
    if float(w @ x + b > 0) == t:
        return w, b
    return w + lr * t * x, b + lr * t


def _as_list(w, b, x, t, lr):
    new_w, new_b = _perceptron(w, b, x, t, lr)
    return list(new_w), new_b


@pytest.mark.parametrize("wrong, hint", [
    (_rule(output=lambda w, b, x: float(w @ x > 0)), "ignores the bias"),
    (_rule(output=lambda w, b, x: float(np.sign(w @ x + b))), "(a sign)"),
    (_rule(output=lambda w, b, x: 1 / (1 + np.exp(-(w @ x + b)))), "a sigmoid"),
    (_rule(lr_w=False, lr_b=False), "not scaled by the learning rate"),
    (_rule(lr_b=False), "the bias step is not scaled"),
    (_rule(bias_x=True), "your new b is an array"),
    (lambda w, b, x, t, lr: _perceptron(w, b, x, t, lr)[::-1], "wrong order"),
    (_t_on_mistakes, "on a false positive (target 0, output 1) nothing moved"),
    (_as_list, "Python list"),       # not 'step(0)': a mistake that is right here names nothing
])
def test_perceptron_learner_slips_are_named(wrong, hint, capsys):
    verdict, out = run_check(ch08.perceptron_step, wrong, capsys)
    assert not verdict and hint in out, out


def _lms_with(error=lambda w, b, x, d: d - (w @ x + b), gain=lambda x, a: a / (x @ x + 1.0),
              bias_gain=True):
    def step(w, b, x, d, a):
        e, g = error(w, b, x, d), gain(x, a)
        return w + g * e * x, b + (g if bias_gain else a) * e
    return step


@pytest.mark.parametrize("wrong, hint", [
    (_lms_with(gain=lambda x, a: a / (x * x + 1)), "`x * x` squares each entry"),
    (_lms_with(bias_gain=False), "the bias step is not divided"),
    (_lms_with(error=lambda w, b, x, d: d - w @ x), "leaves out the bias"),
    (_lms_with(error=lambda w, b, x, d: d - float(w @ x + b > 0)), "before any threshold"),
    (_lms_with(error=lambda w, b, x, d: d - np.sign(w @ x + b)), "before the sign"),
    (_lms_with(gain=lambda x, a: a / x @ x + 1), "operator precedence"),
    (_lms_with(gain=lambda x, a: a / (len(x) + 1)), "n + 1"),
    (_lms_with(error=lambda w, b, x, d: (w @ x + b) - d), "(w·x + b) − d"),
])
def test_lms_learner_slips_are_named(wrong, hint, capsys):
    verdict, out = run_check(ch08.alpha_lms_step, wrong, capsys)
    assert not verdict and hint in out, out


def test_lms_hints_do_not_state_the_formula(capsys):
    for wrong in (_lms_with(gain=lambda x, a: a), _lms_with(gain=lambda x, a: a / (x @ x)),
                  _lms_with(error=lambda w, b, x, d: (w @ x + b) - d)):
        ch08.alpha_lms_step(wrong)
        out = capsys.readouterr().out
        assert "divides the step by |x|² + 1" not in out and "the step adds" not in out, out


def _wrong_mirror(w):
    symmetric = np.all(_P == _P[::-1], axis=1)           # rows reversed, not bits
    net = _P @ w
    return bool(np.all(np.abs(net[symmetric]) < 1e-9) and np.all(np.abs(net[~symmetric]) > 1e-9))


@pytest.mark.parametrize("wrong, hint", [
    (lambda w: bool(np.all(_P[_S] @ w == 0) and np.all(_P[~_S] @ w != 0)), "`== 0`"),
    (lambda w: bool(np.allclose(w, w[::-1])), "tested the weights themselves"),
    (_wrong_mirror, "read the same backwards"),
    (lambda w: bool(np.all(np.abs(_P[_S] @ w) < 1e-9) and np.any(np.abs(_P[~_S] @ w) > 1e-9)),
     "every one of the 56 asymmetric"),
])
def test_symmetry_learner_slips_are_named(wrong, hint, capsys):
    verdict, out = run_check(ch08.symmetry_detector, wrong, capsys)
    assert not verdict and hint in out and "enumerate all 64" not in out, out


def _twin_row(x, shift=12, wrap=True, relation_at=24):
    person, relation = int(np.argmax(x[:24])), int(np.argmax(x[24:]))
    twin = np.zeros(36)
    twin[(person + shift) % 24 if wrap else person + shift] = 1
    twin[relation_at + relation] = 1
    return twin


def _lookup(twin_of, rows_of=lambda X, t: np.flatnonzero(np.all(X == t, axis=1))):
    def by_analogy(X_train, Y_train, x):
        rows = rows_of(X_train, twin_of(x))
        return np.roll(Y_train[rows[0]], 12) if len(rows) else np.zeros(24)
    return by_analogy


def _forgot_return(X_train, Y_train, x):
    _analogy(X_train, Y_train, x)


@pytest.mark.parametrize("wrong, hint", [
    (_lookup(lambda x: _twin_row(x, wrap=False)), "runs past the 24 people"),
    (_lookup(_twin_row, lambda X, t: np.flatnonzero(X == t)), "compares entry by entry"),
    (_lookup(lambda x: _twin_row(x, relation_at=0)), "you returned 24 zeros"),
    (_lookup(lambda x: x), "you returned 24 zeros"),
    (_lookup(_twin_row, lambda X, t: np.flatnonzero(np.all(X == t, axis=0))),
     "you returned 24 zeros"),
    (_forgot_return, "forget `return`"),
    (lambda X_train, Y_train, x: _twin_row(x), "the size of a question"),
    (lambda X_train, Y_train, x: 3, "a single number (a row number?)"),
])
def test_by_analogy_learner_slips_are_named(wrong, hint, capsys):
    verdict, out = run_check(ch08.by_analogy, wrong, capsys)
    assert not verdict and hint in out, out


def _no_guard(X_train, Y_train, x):
    rows = np.flatnonzero(np.all(X_train == _twin_row(x), axis=1))
    return np.roll(Y_train[rows[0]], 12)                # IndexError when no row matches


def _list_index(X_train, Y_train, x):
    return np.roll(Y_train[X_train.tolist().index(_twin_row(x).tolist())], 12)


@pytest.mark.parametrize("wrong", [_no_guard, _list_index])
def test_by_analogy_error_without_a_twin_is_named(wrong, capsys):
    verdict, out = run_check(ch08.by_analogy, wrong, capsys)
    assert not verdict and "twin is not among the training questions" in out, out
    assert "case 4 of 4" in out, out


def test_by_analogy_other_errors_are_still_shown_with_their_line(capsys):
    def typo(X_train, Y_train, x):
        return Y_train[undefined_name]                  # noqa: F821
    verdict, out = run_check(ch08.by_analogy, typo, capsys)
    assert not verdict and "NameError" in out and "`return Y_train[undefined_name]" in out, out
