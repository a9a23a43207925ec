"""Chapter 7 self-checks: right answers pass, typical mistakes get their hint, answers hidden."""

import numpy as np
import pytest

from backprop import check
from check_helpers import run_check

# ---- right answers, written the way a reader would -------------------------------------


def standardize(X_train, X_test):
    mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
    sigma = np.where(sigma > 0, sigma, 1.0)
    return (X_train - mu) / sigma, (X_test - mu) / sigma


def recall_precision(C):
    C = np.asarray(C, dtype=float)
    return np.diag(C) / C.sum(axis=1), np.diag(C) / C.sum(axis=0)


def early_stopping(patience):
    best, waited = [np.inf], [0]  # state kept between calls

    def callback(epoch, history):
        if history["val_loss"][-1] < best[0]:
            best[0], waited[0] = history["val_loss"][-1], 0
        else:
            waited[0] += 1
        return waited[0] >= patience
    return callback



@pytest.mark.parametrize("checker, fn", [
    (check.ch07.standardize, standardize),
    (check.ch07.recall_precision, recall_precision),
    (check.ch07.early_stopping, early_stopping),
])
def test_right_answers_pass(checker, fn, capsys):
    ok, out = run_check(checker, fn, capsys)
    assert ok and out.startswith("✅"), out


def test_early_stopping_from_history_alone_also_passes(capsys):
    def stateless(patience):
        return lambda epoch, h: epoch - int(np.argmin(h["val_loss"])) >= patience
    ok, out = run_check(check.ch07.early_stopping, stateless, capsys)
    assert ok, out


def _not_attempted(*args):
    raise NotImplementedError


@pytest.mark.parametrize("checker", [check.ch07.standardize, check.ch07.recall_precision,
                                     check.ch07.early_stopping])
def test_stub_says_not_attempted(checker, capsys):
    ok, out = run_check(checker, _not_attempted, capsys)
    assert not ok and "not attempted" in out


def _std_with(stats):
    def fn(X_train, X_test):
        with np.errstate(all="ignore"):
            out = []
            for X in (X_train, X_test):
                m, s = stats(X_train, X)
                out.append((X - m) / s)
            return tuple(out)
    return fn


def _safe(s):
    return np.where(s == 0, 1.0, s)


@pytest.mark.parametrize("fn, hint", [
    (_std_with(lambda T, X: (X.mean(0), _safe(X.std(0)))), "its own mean"),
    (_std_with(lambda T, X: (T.mean(0), T.std(0))), "σ = 0"),
    (_std_with(lambda T, X: (T.mean(), T.std())), "per feature"),
    (_std_with(lambda T, X: (X.mean(1, keepdims=True), _safe(X.std(1, keepdims=True)))),
     "per example"),
    (_std_with(lambda T, X: (T.mean(0), _safe(T.std(0, ddof=1)))), "ddof"),
    (_std_with(lambda T, X: (T.mean(0), 1.0)), "not scaled"),
    (lambda T, X: standardize(T, X)[0], "return values"),
])
def test_standardize_mistakes_get_their_hint(fn, hint, capsys):
    ok, out = run_check(check.ch07.standardize, fn, capsys)
    assert not ok and out.startswith("❌") and hint in out, out


@pytest.mark.parametrize("fn, hint", [
    (lambda C: recall_precision(C)[::-1], "swapped"),
    (lambda C: (recall_precision(C)[1],) * 2, "both use column sums"),
    (lambda C: (recall_precision(C)[0],) * 2, "both use row sums"),
    (lambda C: (np.diag(C) / np.sum(C),) * 2, "total count"),
    (lambda C: recall_precision(C)[0], "return values"),
])
def test_recall_precision_mistakes_get_their_hint(fn, hint, capsys):
    ok, out = run_check(check.ch07.recall_precision, fn, capsys)
    assert not ok and hint in out, out


def _from_history(rule):
    return lambda patience: (lambda epoch, h: rule(patience, epoch, h))


@pytest.mark.parametrize("fn, hint", [
    (_from_history(lambda p, e, h: e - int(np.argmin(h["loss"])) >= p), "training loss"),
    (_from_history(lambda p, e, h: h["val_loss"][-1] > h["val_loss"][-2]), "first rise"),
    (_from_history(lambda p, e, h: e - int(np.argmin(h["val_loss"])) > p), "one epoch late"),
    (_from_history(lambda p, e, h: False), "never stopped"),
    (_from_history(lambda p, e, h: e >= 2), "too early"),
    (_from_history(lambda p, e, h: e - int(np.argmin(h["val_loss"])) >= p + 2), "too late"),
    (lambda patience: None, "returned a NoneType; it should return the callback"),
])
def test_early_stopping_mistakes_get_their_hint(fn, hint, capsys):
    ok, out = run_check(check.ch07.early_stopping, fn, capsys)
    assert not ok and hint in out, out


def test_previous_epoch_mistake_is_named(capsys):
    def previous(patience):
        def callback(epoch, h):
            v = h["val_loss"]
            rises = 0
            while rises < len(v) - 1 and v[-1 - rises] >= v[-2 - rises]:
                rises += 1
            return rises >= patience
        return callback
    ok, out = run_check(check.ch07.early_stopping, previous, capsys)
    assert not ok and "previous one" in out, out


def test_hints_never_show_the_expected_numbers(capsys):
    wrong = _std_with(lambda T, X: (T.mean(0), 1.0))
    check.ch07.standardize(wrong)
    out = capsys.readouterr().out
    assert not any(ch.isdigit() for ch in out.split(":", 1)[1].split("(case")[0]), out


def test_the_library_s_own_standardize_is_refused(capsys):
    from backprop import train
    ok, out = run_check(check.ch07.standardize, lambda a, b: train.standardize(a, b), capsys)
    assert not ok and "calls the library's `train.standardize`" in out, out


# ---- issue 15, section 3: the slips of a new learner, each named ------------------------


def _pooled(X_train, X_test):
    both = np.vstack([X_train, X_test])
    return tuple((X - both.mean(0)) / _safe(both.std(0)) for X in (X_train, X_test))


@pytest.mark.parametrize("fn, hint", [
    (_std_with(lambda T, X: (T.mean(0), _safe(T.var(0)))), "the variance σ²"),
    (lambda T, X: tuple((A - T.min(0)) / _safe(np.ptp(T, 0)) for A in (T, X)), "min-max"),
    (_pooled, "training and test sets together"),
    (lambda T, X: standardize(T, X)[::-1], "wrong order"),
    (lambda T, X: ((T - T.mean(axis=1)) / T.std(axis=1), (X - T.mean(axis=1)) / T.std(axis=1)),
     "one value per row (example), taken along axis 1"),
    (_std_with(lambda T, X: (T.mean(0), T.std(0) + 1e-8)), "come out huge in the test set"),
    (lambda T, X: tuple(np.nan_to_num((A - T.mean(0)) / T.std(0)) for A in (T, X)),
     "come out huge in the test set"),
])
def test_standardize_slips_are_named(fn, hint, capsys):
    with np.errstate(all="ignore"):
        ok, out = run_check(check.ch07.standardize, fn, capsys)
    assert not ok and hint in out and "raised" not in out, out


@pytest.mark.parametrize("fn, hint", [
    (lambda C: tuple(1 - part for part in recall_precision(C)), "fractions missed"),
    (lambda C: (np.trace(C) / C.sum(axis=1), np.trace(C) / C.sum(axis=0)), "the trace"),
    (lambda C: tuple(list(part) for part in recall_precision(C)), "in a Python list"),
    (lambda C: tuple(100 * part for part in recall_precision(C)),
     "in all 3 cases your values are 100 times"),
])
def test_recall_precision_slips_are_named(fn, hint, capsys):
    ok, out = run_check(check.ch07.recall_precision, fn, capsys)
    assert not ok and hint in out, out


def _never_reset(patience):
    state = {"best": np.inf, "without": 0}

    def callback(epoch, h):
        if h["val_loss"][-1] < state["best"]:
            state["best"] = h["val_loss"][-1]
        else:
            state["without"] += 1
        return state["without"] >= patience
    return callback


@pytest.mark.parametrize("fn, hint", [
    (_from_history(lambda p, e, h: e - int(np.argmin(h["val_loss"])) >= p - 1),
     "one epoch early"),
    (_from_history(lambda p, e, h: len(h["val_loss"]) - int(np.argmin(h["val_loss"])) >= p),
     "one epoch early"),
    (_from_history(lambda p, e, h: e - int(np.argmax(h["val_loss"])) >= p), "highest"),
    (_from_history(lambda p, e, h: e - int(np.argmax(h["val_accuracy"])) >= p),
     "validation accuracy"),
    (_never_reset, "counts every epoch without a new best"),
    (lambda epoch, history: epoch > 3, "that looks like the callback itself"),
    (lambda e, h: e > 3, "takes (e, h): that looks like the callback"),
    (lambda patience: False, "returned a bool"),
    # a slip no typical mistake explains: the inputs and the reader's own stop, not the answer
    (_from_history(lambda p, e, h: h["val_loss"][-1] > min(h["val_loss"]) and e >= p),
     "with patience 2, your callback stopped at epoch 3: too early"),
])
def test_early_stopping_slips_are_named(fn, hint, capsys):
    ok, out = run_check(check.ch07.early_stopping, fn, capsys)
    assert not ok and hint in out and "first rise" not in out, out
