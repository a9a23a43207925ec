"""Self-checks for chapter 7 (training a network that reads digits)."""

import inspect

import numpy as np

from .. import train
from . import Mistake, cases, run_check

__all__ = ["standardize", "recall_precision", "early_stopping"]


# ---- standardize(X_train, X_test) -> (Z_train, Z_test) ---------------------------------


def _standardize_with(stats):
    """A standardiser whose (mean, std) for each array come from stats(X_train, X)."""
    def standardize(X_train, X_test):
        with np.errstate(all="ignore"):
            return tuple((X - m) / s for X in (X_train, X_test) for m, s in [stats(X_train, X)])
    return standardize


def _pooled(X_train, X_test):
    """Standardised with the mean and std of training and test rows together."""
    both = np.vstack([X_train, X_test])
    mu, sigma = both.mean(axis=0), both.std(axis=0)
    sigma = np.where(sigma == 0, 1.0, sigma)
    return (X_train - mu) / sigma, (X_test - mu) / sigma


def standardize(fn):
    """Check fn(X_train, X_test) = ((X_train − μ)/σ, (X_test − μ)/σ), μ, σ per column of X_train."""
    rng = np.random.default_rng(701)
    inputs = []
    for n_train, n_test, d in ((6, 3, 2), (20, 5, 4), (8, 8, 3)):
        X_train = rng.normal(2.0, 3.0, size=(n_train, d)) * rng.uniform(0.5, 4, size=d)
        X_test = rng.normal(-1.0, 1.0, size=(n_test, d))
        X_train[:, -1] = 0.0  # a pixel that is blank in every training image
        inputs.append((X_train, X_test))
    labels = ["6 training and 3 test rows, 2 features", "20 and 5 rows, 4 features",
              "8 and 8 rows, 3 features"]

    def zero_safe(std):
        return np.where(std == 0, 1.0, std)

    mistakes = [
        Mistake(_standardize_with(lambda T, X: (X.mean(0), zero_safe(X.std(0)))),
                "the test set is scaled with its own mean and standard deviation; it stands for "
                "data you have not seen yet, so it cannot supply them"),
        Mistake(_standardize_with(lambda T, X: (T.mean(0), T.std(0))),
                "a feature that is constant in training has σ = 0, and your division gives 0/0 = "
                "NaN for it"),
        Mistake(_standardize_with(lambda T, X: (T.mean(), T.std())),
                "you took one μ and one σ for all features together, not one per feature (column)"),
        Mistake(_standardize_with(lambda T, X: (X.mean(1, keepdims=True),
                                                zero_safe(X.std(1, keepdims=True)))),
                "μ and σ are taken per example (row), across its features, not per feature "
                "(column)"),
        Mistake(_standardize_with(lambda T, X: (T.mean(0), zero_safe(T.std(0, ddof=1)))),
                "your σ divides by N − 1 (ddof=1); the chapter's standard deviation divides by N"),
        Mistake(_standardize_with(lambda T, X: (T.mean(0), 1.0)),
                "the features are centred but not scaled by σ"),
        Mistake(_standardize_with(lambda T, X: (T.mean(0), zero_safe(T.var(0)))),
                "you divided by the variance σ², not by the standard deviation σ"),
        Mistake(_standardize_with(lambda T, X: (T.min(0), zero_safe(np.ptp(T, axis=0)))),
                "you scaled each feature to run from its training minimum to its maximum "
                "(min-max scaling); standardising centres it on its mean and divides by σ"),
        Mistake(_pooled,
                "your μ and σ came from the training and test sets together; the test set "
                "stands for data you have not seen yet, so it cannot supply them"),
        Mistake(lambda T, X: _standardize_with(lambda T_, X_: (T_.mean(0),
                                                                zero_safe(T_.std(0))))(T, X)[::-1],
                "the two arrays are returned in the wrong order: Z_train comes first"),
        Mistake(lambda T, X: (T - T.mean(axis=1)) / T.std(axis=1),
                "your μ has one value per row (example), taken along axis 1, and so cannot be "
                "subtracted from the rows; μ and σ are one per feature (column)"),
    ]

    def constant_features(got, expected, case):
        """A guard for σ = 0 that divides by a tiny number, or turns inf into a huge one."""
        try:
            z_train, z_test = (np.asarray(part, dtype=float) for part in got)
        except (TypeError, ValueError):
            return None
        constant = case.args[0].std(axis=0) == 0
        if z_test.shape != expected[1].shape or not constant.any():
            return None
        others = ~constant
        with np.errstate(all="ignore"):
            if (np.allclose(z_test[:, others], expected[1][:, others])
                    and np.abs(z_test[:, constant]).max() > 1e3):
                return ("the features that are constant in training (σ = 0) come out huge in "
                        "the test set: they were divided by 0 or by a tiny number; the statement "
                        "says what to divide them by")
        return None

    return run_check("standardize", fn,
                     cases(lambda T, X: train.standardize(T, X), inputs, labels,
                           names=("Z_train", "Z_test")),
                     hints=[*mistakes, constant_features], forbid=[(train, "standardize")])


# ---- recall_precision(C) -> (recall, precision) ----------------------------------------


def _recall_precision(C):
    C = np.asarray(C, dtype=float)
    return np.diag(C) / C.sum(axis=1), np.diag(C) / C.sum(axis=0)


def recall_precision(fn):
    """Check fn(C) = (C_ii / Σ_j C_ij, C_ii / Σ_j C_ji): recall, precision (rows = true class)."""
    rng = np.random.default_rng(702)
    inputs = []
    for k in (2, 3, 10):
        C = rng.integers(0, 4, size=(k, k)) + np.diag(rng.integers(5, 40, size=k))
        inputs.append((C,))
    labels = ["2 classes", "3 classes", "10 classes"]
    mistakes = [
        Mistake(lambda C: _recall_precision(C)[::-1],
                "recall and precision are swapped: recall divides by the row sum (all examples "
                "that truly are class i), precision by the column sum (all predicted as i)"),
        Mistake(lambda C: (np.diag(C) / C.sum(axis=0), np.diag(C) / C.sum(axis=0)),
                "both use column sums; recall divides by the row sum (examples truly of class i)"),
        Mistake(lambda C: (np.diag(C) / C.sum(axis=1), np.diag(C) / C.sum(axis=1)),
                "both use row sums; precision divides by the column sum (examples predicted as i)"),
        Mistake(lambda C: (np.diag(C) / C.sum(),) * 2,
                "you divided by the total count; per class, divide by that class's row "
                "(recall) or column (precision) sum"),
        Mistake(lambda C: tuple(1 - part for part in _recall_precision(C)),
                "these are the fractions missed (1 − recall, 1 − precision); the statement asks "
                "for the fractions right"),
        Mistake(lambda C: (np.trace(C) / C.sum(axis=1), np.trace(C) / C.sum(axis=0)),
                "your numerator is the trace, the right answers of all classes together; "
                "class i's own count is C_ii"),
    ]
    return run_check("recall_precision", fn,
                     cases(_recall_precision, inputs, labels, names=("recall", "precision")),
                     hints=mistakes)


# ---- early_stopping(patience) -> callback(epoch, history) -> bool ----------------------


class _NotAFactory(str):
    """What the check says when early_stopping(patience) does not give back a callback."""


def _stop_epoch(factory, patience, val_losses):
    """Feed a growing history to factory(patience); return the epoch it stops at, or -1."""
    try:
        required = [q for q in inspect.signature(factory).parameters.values()
                    if q.default is q.empty and q.kind in (q.POSITIONAL_ONLY,
                                                           q.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        required = []
    if len(required) == 2:
        names = ", ".join(q.name for q in required)
        return _NotAFactory(f"your early_stopping takes ({names}): that looks like the callback "
                            f"itself; the exercise asks for a function of `patience` that "
                            f"returns the callback")
    callback = factory(patience)
    if not callable(callback):
        return _NotAFactory(f"early_stopping(patience) returned a {type(callback).__name__}; "
                            f"it should return the callback, a function of (epoch, history)")
    history = {"epoch": [0], "loss": [1.0], "accuracy": [0.1], "val_loss": [val_losses[0]],
               "val_accuracy": [0.1], "diverged": False}
    for epoch, value in enumerate(val_losses[1:], 1):
        history["epoch"].append(epoch)
        history["loss"].append(max(0.4, 1.0 / (epoch + 1)))  # falls, then levels off
        history["accuracy"].append(min(1.0, 0.1 + 0.1 * epoch))
        history["val_loss"].append(value)
        history["val_accuracy"].append(0.5)
        if callback(epoch, history):
            return epoch
    return -1


def _reference(patience):
    def callback(epoch, history):
        losses = history["val_loss"]
        return epoch - int(np.argmin(losses)) >= patience
    return callback


def _wrong_previous(patience):
    def callback(epoch, history):  # counts rises against the previous epoch, not the best
        losses = history["val_loss"]
        worse = 0
        for e in range(len(losses) - 1, 0, -1):
            if losses[e] < losses[e - 1]:
                break
            worse += 1
        return worse >= patience
    return callback


def _wrong_training_loss(patience):
    def callback(epoch, history):
        return epoch - int(np.argmin(history["loss"])) >= patience
    return callback


def _wrong_off_by_one(patience):
    def callback(epoch, history):
        return epoch - int(np.argmin(history["val_loss"])) > patience
    return callback


def _wrong_early(patience):
    def callback(epoch, history):
        return epoch - int(np.argmin(history["val_loss"])) >= patience - 1
    return callback


def _wrong_highest(patience):
    def callback(epoch, history):
        return epoch - int(np.argmax(history["val_loss"])) >= patience
    return callback


def _wrong_accuracy(patience):
    def callback(epoch, history):
        return epoch - int(np.argmax(history["val_accuracy"])) >= patience
    return callback


def _wrong_never_reset(patience):
    state = {"best": np.inf, "without": 0}

    def callback(epoch, history):  # counts every epoch without a new best, in a row or not
        if history["val_loss"][-1] < state["best"]:
            state["best"] = history["val_loss"][-1]
        else:
            state["without"] += 1
        return state["without"] >= patience
    return callback


def _wrong_first_rise(patience):
    def callback(epoch, history):
        return history["val_loss"][-1] > history["val_loss"][-2]
    return callback


def early_stopping(fn):
    """Check fn(patience) -> callback that stops once val_loss is `patience` epochs past its min."""
    sequences = [
        (2, [3.0, 2.0, 1.5, 1.6, 1.7, 1.8, 1.9]),
        (3, [3.0, 2.0, 2.1, 1.9, 2.0, 2.2, 1.95, 2.3, 2.4]),
        (1, [2.0, 1.0, 0.9, 0.8, 0.85, 0.7]),
        (4, [2.0, 1.0, 0.9, 0.8, 0.7, 0.6]),
        (2, [2.0, 1.0, 1.1, 0.95, 1.05, 1.0, 0.99, 1.2]),
    ]
    inputs = [(patience, values) for patience, values in sequences]
    labels = [f"patience {p}, {len(v) - 1} epochs" for p, v in sequences]

    def simulate(factory):
        return lambda patience, values: _stop_epoch(factory, patience, values)

    mistakes = [
        Mistake(simulate(_wrong_training_loss),
                "your callback watches the training loss, which keeps falling while the model "
                "overfits"),
        Mistake(simulate(_wrong_first_rise),
                "it stops at the first rise of the validation loss; wait until it has "
                "failed to beat its best value for `patience` epochs"),
        Mistake(simulate(_wrong_previous),
                "it compares each epoch with the previous one; compare with the best "
                "validation loss so far"),
        Mistake(simulate(_wrong_off_by_one),
                "it stops one epoch late: with patience p, stop at the p-th epoch in a row "
                "without a new best"),
        Mistake(simulate(_wrong_early),
                "it stops one epoch early: with patience p it waits only p − 1 epochs without "
                "a new best (an off-by-one in the count: len() of the history counts epoch 0 "
                "too)"),
        Mistake(simulate(_wrong_highest),
                "your callback measures from the epoch of the highest validation loss, not "
                "the lowest"),
        Mistake(simulate(_wrong_accuracy),
                "your callback watches the validation accuracy; the statement asks for the "
                "validation loss"),
        Mistake(simulate(_wrong_never_reset),
                "it counts every epoch without a new best since training began; the count "
                "must start again at each new best (epochs in a row)"),
    ]

    def timing(got, expected, case):
        if isinstance(got, _NotAFactory):
            return str(got)
        if not isinstance(got, int):
            return None
        patience, values = case.args
        shown = ", ".join(f"{v:g}" for v in values)
        if got == -1:
            return (f"your callback never stopped training on the validation losses {shown} "
                    f"with patience {patience} (it must return True to stop)")
        when = "too early" if expected == -1 or got < expected else "too late"
        return (f"on the validation losses {shown} (epochs 0 to {len(values) - 1}) with "
                f"patience {patience}, your callback stopped at epoch {got}: {when}")

    return run_check("early_stopping", simulate(fn), cases(simulate(_reference), inputs, labels),
                     hints=[*mistakes, timing], reader_fn=fn, confirm_mistakes=True)
