"""Chapter 10 self-checks: right answers pass, typical mistakes get their hint, answers hidden."""

import math
import re

import numpy as np
import pytest

from backprop import check
from check_helpers import run_check

# ---- right answers, written the way a reader would -------------------------------------


def bigram_probabilities(previous, y, V, alpha):
    counts = np.zeros((V, V))
    np.add.at(counts, (previous, y), 1)
    counts += alpha
    return counts / counts.sum(axis=1, keepdims=True)


def bigram_with_a_loop(previous, y, V, alpha):
    counts = np.full((V, V), float(alpha))
    for a, b in zip(previous, y):
        counts[a, b] += 1
    return counts / counts.sum(axis=1)[:, None]


def embedding_backward(E, tokens, grad_x):
    dE = np.zeros_like(E)
    np.add.at(dE, tokens, grad_x)
    return dE


def embedding_backward_one_hot(E, tokens, grad_x):
    one_hot = np.eye(len(E))[tokens.ravel()]           # (N·k, V)
    return one_hot.T @ grad_x.reshape(-1, E.shape[1])


def perplexity(logits, y):
    z = logits - logits.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(np.exp(-np.mean(log_p[np.arange(len(y)), y])))


@pytest.mark.parametrize("checker, fn", [
    (check.ch10.bigram_probabilities, bigram_probabilities),
    (check.ch10.bigram_probabilities, bigram_with_a_loop),
    (check.ch10.embedding_backward, embedding_backward),
    (check.ch10.embedding_backward, embedding_backward_one_hot),
    (check.ch10.perplexity, perplexity),
])
def test_right_answers_pass(checker, fn, capsys):
    ok, out = run_check(checker, fn, capsys)
    assert ok and out.startswith("✅"), out


def _not_attempted(*args):
    raise NotImplementedError


@pytest.mark.parametrize("checker", [check.ch10.bigram_probabilities,
                                     check.ch10.embedding_backward, check.ch10.perplexity])
def test_stub_says_not_attempted(checker, capsys):
    ok, out = run_check(checker, _not_attempted, capsys)
    assert not ok and "not attempted" in out


def _counts(previous, y, V):
    counts = np.zeros((V, V))
    np.add.at(counts, (previous, y), 1)
    return counts


def _buffered(previous, y, V, alpha):
    counts = np.zeros((V, V))
    counts[previous, y] += 1
    counts += alpha
    return counts / counts.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("fn, hint", [
    (_buffered, "counted once"),
    (lambda p, y, V, a: bigram_probabilities(y, p, V, a), "transposed"),
    (lambda p, y, V, a: (_counts(p, y, V) + a) / (_counts(p, y, V) + a).sum(axis=0),
     "columns sum to 1"),
    (lambda p, y, V, a: (_counts(p, y, V) + a) / (_counts(p, y, V) + a).sum(), "total count"),
    (lambda p, y, V, a: (_counts(p, y, V) + a) / (_counts(p, y, V).sum(1, keepdims=True) + a),
     "αV"),
    (lambda p, y, V, a: bigram_probabilities(p, y, V, 1.0), "ignores `alpha`"),
    (lambda p, y, V, a: bigram_probabilities(p, y, V, 0.0), "add α to every count"),
    (lambda p, y, V, a: bigram_probabilities(p, y, V, a)[:, :-1], "expected shape"),
])
def test_bigram_mistakes_get_their_hint(fn, hint, capsys):
    ok, out = run_check(check.ch10.bigram_probabilities, fn, capsys)
    assert not ok and out.startswith("❌") and hint in out, out


def _buffered_scatter(E, tokens, grad_x):
    dE = np.zeros_like(E)
    dE[tokens] += grad_x
    return dE


@pytest.mark.parametrize("fn, hint", [
    (_buffered_scatter, "writes each repeated row once"),
    (lambda E, t, g: embedding_backward(E, t, g) + E, "starts from E"),
    (lambda E, t, g: np.broadcast_to(g.sum(axis=(0, 1)), E.shape).copy(), "same sum"),
    (lambda E, t, g: -embedding_backward(E, t, g), "wrong sign"),
    (lambda E, t, g: g, "expected shape"),
])
def test_embedding_backward_mistakes_get_their_hint(fn, hint, capsys):
    ok, out = run_check(check.ch10.embedding_backward, fn, capsys)
    assert not ok and hint in out, out


def _log_p(z, y):
    z = z - z.max(axis=1, keepdims=True)
    return (z - np.log(np.exp(z).sum(axis=1, keepdims=True)))[np.arange(len(y)), y]


def _naive(z, y):
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)   # overflows for large logits
    return float(np.exp(-np.mean(np.log(p[np.arange(len(y)), y]))))


@pytest.mark.parametrize("fn, hint", [
    (lambda z, y: float(-np.mean(_log_p(z, y))), "that is the loss L itself"),
    (lambda z, y: float(np.exp(-np.sum(_log_p(z, y)))), "*sum*"),
    (lambda z, y: float(2.0 ** -np.mean(_log_p(z, y))), "base 2"),
    (lambda z, y: float(np.mean(np.exp(-_log_p(z, y)))), "averaged exp(loss)"),
    (_naive, "NaN"),
])
def test_perplexity_mistakes_get_their_hint(fn, hint, capsys):
    ok, out = run_check(check.ch10.perplexity, fn, capsys)
    assert not ok and hint in out, out


def test_hints_never_show_the_expected_numbers(capsys):
    for checker, wrong in ((check.ch10.bigram_probabilities, _buffered),
                           (check.ch10.embedding_backward, _buffered_scatter),
                           (check.ch10.perplexity, lambda z, y: float(-np.mean(_log_p(z, y))))):
        checker(wrong)
        out = capsys.readouterr().out
        hint = out.split(":", 1)[1].split("(case")[0]
        assert not re.search(r"\d\.\d|e[-+]\d", hint), out      # no computed number


def test_the_library_s_own_functions_are_refused(capsys):
    from backprop import language
    ok, out = run_check(check.ch10.bigram_probabilities,
                        lambda p, y, V, a: language.bigram(p, y, V, a), capsys)
    assert not ok and "calls the library's `language.bigram`" in out, out


# ---- slips a new learner makes (issue 15 §3): each gets a hint that names it ------------

def _smoothed(previous, y, V, alpha):
    return _counts(previous, y, V) + alpha


@pytest.mark.parametrize("fn, hint", [
    (lambda p, y, V, a: _smoothed(p, y, V, a) / _smoothed(p, y, V, a).sum(axis=1),
     "lines them up with the columns"),
    (lambda p, y, V, a: _smoothed(p, y, V, a) // _smoothed(p, y, V, a).sum(axis=1, keepdims=True),
     "floor division"),
    (lambda p, y, V, a: _smoothed(p, y, V, a) / (np.bincount(y, minlength=V)[:, None] + a * V),
     "you counted how often it comes next"),
    (lambda p, y, V, a: _smoothed(p, y, V, a) / (_smoothed(p, y, V, a).sum(axis=1, keepdims=True)
                                                 + a * V), "αV counted twice"),
    (lambda p, y, V, a: (np.bincount(p * V + y).reshape(V, V) + a)
     / (np.bincount(p * V + y).reshape(V, V) + a).sum(axis=1, keepdims=True), "np.bincount"),
    (lambda p, y, V, a: bigram_probabilities(p, y, V, a).tolist(), "Python list"),
])
def test_bigram_learner_slips_are_named(fn, hint, capsys):
    ok, out = run_check(check.ch10.bigram_probabilities, fn, capsys)
    assert not ok and hint in out and "ignores `alpha`" not in out, out


def _alias(E, tokens, grad_x):
    dE = E                                              # a second name, not a copy
    dE[:] = 0
    np.add.at(dE, tokens, grad_x)
    return dE


@pytest.mark.parametrize("fn, hint", [
    (lambda E, t, g: np.eye(len(E))[t.ravel()] @ g.reshape(-1, E.shape[1]),
     "the transposed matrix"),
    (lambda E, t, g: np.eye(len(E))[t.ravel()].T @ g, "one row per context"),
    (lambda E, t, g: embedding_backward(E, t, g * E[t]), "no factor E"),
    (lambda E, t, g: embedding_backward(E, t, g) / t.size, "divided by the number of positions"),
    (lambda E, t, g: embedding_backward(E, t[:, :1], g[:, :1]), "only the first position"),
    (lambda E, t, g: embedding_backward(np.zeros_like(t, dtype=float), t, g), "E's shape"),
    (_alias, "a second name"),
])
def test_embedding_learner_slips_are_named(fn, hint, capsys):
    ok, out = run_check(check.ch10.embedding_backward, fn, capsys)
    assert not ok and hint in out and "raised" not in out, out


def _no_keepdims(z, y):
    z = z - z.max(axis=1)
    return float(np.exp(-np.mean((z - np.log(np.exp(z).sum(axis=1, keepdims=True)))[
        np.arange(len(y)), y])))


def _math_exp(z, y):
    p = math.exp(z - z.max(axis=1, keepdims=True))
    return float(np.exp(-np.mean(np.log(p[np.arange(len(y)), y]))))


def _over_positions(z, y):
    z = z - z.max(axis=0, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=0, keepdims=True))
    return float(np.exp(-np.mean(log_p[np.arange(len(y)), y])))


def _whole_sum(z, y):
    z = z - z.max(axis=1, keepdims=True)
    return float(np.exp(-np.mean((z - np.log(np.exp(z).sum()))[np.arange(len(y)), y])))


def _unshifted_pick(z, y):
    lse = np.log(np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1))
    return float(np.exp(np.mean(lse - z[np.arange(len(y)), y])))


@pytest.mark.parametrize("fn, hint", [
    (_no_keepdims, "keep one maximum per row"),
    (_math_exp, "math.exp takes one number at a time"),
    (_over_positions, "over the positions (axis 0)"),
    (_whole_sum, "sums over the whole array"),
    (lambda z, y: float(np.exp(-np.mean(_log_p_all(z)[:, y]))), "`[:, y]`"),
    (lambda z, y: float(np.exp(np.mean(_log_p(z, y)))), "the minus is missing"),
    (_unshifted_pick, "not from the picked logit"),
    (lambda z, y: float(np.exp(-np.sum(_log_p(z, y)) / z.shape[1])), "number of tokens V"),
    (_naive, "exp overflowed"),
])
def test_perplexity_learner_slips_are_named(fn, hint, capsys):
    ok, out = run_check(check.ch10.perplexity, fn, capsys)
    assert not ok and hint in out and "the value is wrong" not in out and "raised" not in out, out


def _log_p_all(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def test_perplexity_refuses_the_library_s_loss_and_perplexity(capsys):
    from backprop import language, losses
    ok, out = run_check(check.ch10.perplexity,
                        lambda z, y: float(np.exp(losses.softmax_cross_entropy(z, y))), capsys)
    assert not ok and "`losses.softmax_cross_entropy`" in out, out
    ok, out = run_check(check.ch10.perplexity,
                        lambda z, y: language.perplexity(-np.mean(_log_p(z, y))), capsys)
    assert not ok and "`language.perplexity`" in out, out


def test_embedding_refuses_the_library_s_backward(capsys):
    from backprop import nn

    def library(E, tokens, grad_x):
        layer = nn.Embedding.__new__(nn.Embedding)
        return nn.Embedding.backward(layer, grad_x)
    ok, out = run_check(check.ch10.embedding_backward, library, capsys)
    assert not ok and "`Embedding.backward`" in out, out
