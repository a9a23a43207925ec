"""Chapter 2 self-checks: right answers pass, typical mistakes get their hint, no answer leaks."""

import numpy as np
import pytest

from backprop import losses
from backprop.check import ch02
from check_helpers import run_check


def _mse_right(y_hat, y):
    n = y_hat.shape[0]
    e = y_hat - y
    return float(np.sum(e**2)) / (2 * n), e / n


def _inplace_grad(y_hat, y):
    y_hat -= y
    y_hat /= y_hat.shape[0]
    return y_hat


def _ce_right(logits, labels):
    m = logits.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))
    return float(np.mean(lse - logits[np.arange(len(labels)), labels]))



def test_right_answers_pass(capsys):
    for check, fn in ((ch02.mse_and_gradient, _mse_right), (ch02.cross_entropy, _ce_right)):
        verdict, out = run_check(check, fn, capsys)
        assert verdict and out.startswith("✅")


@pytest.mark.parametrize("wrong, hint", [
    (lambda y_hat, y: (2 * _mse_right(y_hat, y)[0], _mse_right(y_hat, y)[1]), "½"),
    (lambda y_hat, y: (_mse_right(y_hat, y)[0], (y - y_hat) / y_hat.shape[0]), "wrong way"),
    (lambda y_hat, y: (_mse_right(y_hat, y)[0], 2 * (y_hat - y) / y_hat.shape[0]),
     "brings down a 2"),
    (lambda y_hat, y: (_mse_right(y_hat, y)[0], y_hat - y), "1/N"),
    (lambda y_hat, y: (float(np.sum((y_hat - y) ** 2)) / 2, y_hat - y), "added up, not averaged"),
    (lambda y_hat, y: (float(np.mean((y_hat - y) ** 2)) / 2, (y_hat - y) / (y_hat - y).size),
     "number of rows"),
    (lambda y_hat, y: _mse_right(y_hat, y)[0], "2 return values"),
    # learner.md: np.mean over all N·K entries in the loss, the gradient right
    (lambda y_hat, y: (float(np.mean((y_hat - y) ** 2)) / 2, (y_hat - y) / y_hat.shape[0]),
     "divided by the number of entries N·K (as np.mean does)"),
    # learner.md: (grad, L), the order swapped; it used to say "did you forget to sum?"
    (lambda y_hat, y: _mse_right(y_hat, y)[::-1], "wrong order"),
    # learner.md: N = y.shape[1]; case 2 has 4 rows and 3 columns
    (lambda y_hat, y: (float(np.sum((y_hat - y) ** 2)) / (2 * y.shape[1]),
                       (y_hat - y) / y.shape[1]), "no division, or one by the wrong dimension"),
    # in place: the hint names the slip, not another exercise's variable
    (lambda y_hat, y: (_mse_right(y_hat, y)[0], _inplace_grad(y_hat, y)), "in place"),
])
def test_mse_mistakes_get_their_hint(wrong, hint, capsys):
    verdict, out = run_check(ch02.mse_and_gradient, wrong, capsys)
    assert not verdict and out.startswith("❌") and hint in out, out


def _no_keepdims(logits, labels):
    m = logits.max(axis=1)
    z = logits - m
    return float(np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(labels)), labels]))


def _naive(logits, labels):
    e = np.exp(logits)
    p = e / e.sum(axis=1, keepdims=True)
    return float(np.mean(-np.log(p[np.arange(len(labels)), labels])))


@pytest.mark.parametrize("wrong, hint", [
    (_naive, "log-sum-exp"),
    (lambda z, y: _ce_right(z, y) * len(y), "mean"),
    (lambda z, y: -_ce_right(z, y), "wrong sign"),
    (lambda z, y: _ce_right(z, z.argmax(axis=1)), "true class"),
    (lambda z, y: float(np.mean(z.max(axis=1) + np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1)
                                - z[np.arange(len(y)), y])), "log of the sum"),
    # learner.md: one max and one sum over the whole array (it got "the value is wrong")
    (lambda z, y: float(np.mean(z.max() + np.log(np.exp(z - z.max()).sum())
                                - z[np.arange(len(y)), y])), "each example's row (axis=1)"),
    # learner.md: softmax over axis 0
    (lambda z, y: float(np.mean(-np.log((np.exp(z) / np.exp(z).sum(axis=0)))[np.arange(len(y)),
                                                                           y])), "axis=0"),
    # learner.md: logits[:, labels]
    (lambda z, y: float(np.mean(z.max(axis=1) + np.log(np.exp(z - z.max(axis=1, keepdims=True))
                                                       .sum(axis=1)) - z[:, y])),
     "logits[:, labels] picks an N × N block"),
    # learner.md: max(axis=1) without keepdims: the raised error names the reader's line
    (_no_keepdims, "at `z = logits - m`"),
    (lambda z, y: (_ce_right(z, y), 0.0), "single number"),
])
def test_cross_entropy_mistakes_get_their_hint(wrong, hint, capsys):
    verdict, out = run_check(ch02.cross_entropy, wrong, capsys)
    assert not verdict and out.startswith("❌") and hint in out, out


def test_not_attempted_and_crashes_do_not_raise(capsys):
    def stub(*args):
        raise NotImplementedError()

    for check in (ch02.mse_and_gradient, ch02.cross_entropy):
        verdict, out = run_check(check, stub, capsys)
        assert not verdict and "not attempted" in out
    verdict, out = run_check(ch02.cross_entropy, lambda z, y: z[y], capsys)
    assert not verdict and out.startswith("❌")


def test_expected_answers_never_printed(capsys):
    """Near misses print a hint, never the loss value they should have produced."""
    rng = np.random.default_rng(202)
    logits, labels = rng.normal(size=(4, 3)), np.array([0, 2, 1, 2])
    expected = losses.softmax_cross_entropy(logits, labels)
    _, out = run_check(ch02.cross_entropy, lambda z, y: _ce_right(z, y) + 0.1, capsys)
    for digits in (3, 4, 6):
        assert f"{expected:.{digits}f}" not in out
    rng = np.random.default_rng(201)
    y_hat, y = rng.normal(size=(5, 1)), rng.normal(size=(5, 1))
    expected = losses.mse(y_hat, y)
    scaled = lambda a, b: (_mse_right(a, b)[0] * 1.1, _mse_right(a, b)[1])  # noqa: E731
    _, out = run_check(ch02.mse_and_gradient, scaled, capsys)
    assert out.startswith("❌")
    for digits in (3, 4, 6):
        assert f"{expected:.{digits}f}" not in out


def test_the_library_s_own_losses_are_refused(capsys):
    """learner.md: a one-line wrapper around losses.softmax_cross_entropy passed."""
    from backprop.losses import mse, mse_grad, softmax_cross_entropy
    for check, fn in (
            (ch02.cross_entropy, lambda z, y: losses.softmax_cross_entropy(z, y)),
            (ch02.cross_entropy, lambda z, y: softmax_cross_entropy(z, y)),
            (ch02.mse_and_gradient, lambda a, b: (losses.mse(a, b), losses.mse_grad(a, b))),
            (ch02.mse_and_gradient, lambda a, b: (mse(a, b), mse_grad(a, b)))):
        verdict, out = run_check(check, fn, capsys)
        assert not verdict and "calls the library's" in out, out
    assert losses.softmax_cross_entropy is softmax_cross_entropy  # restored


def test_statement_and_case_label_agree(capsys):
    """The statement says "logits in the thousands"; so does the case label."""
    verdict, out = run_check(ch02.cross_entropy, _naive, capsys)
    assert "logits in the thousands" in out, out


def test_first_hints_do_not_state_the_corrected_code(capsys):
    for check, fn in ((ch02.mse_and_gradient,
                       lambda a, b: (float(np.sum((a - b) ** 2)) / 2, a - b)),
                      (ch02.cross_entropy, _naive)):
        _, out = run_check(check, fn, capsys)
        assert "shape[0]" not in out and "subtract each row's maximum" not in out, out
