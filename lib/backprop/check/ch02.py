"""Self-checks for chapter 2 (loss functions)."""

import numpy as np

from .. import losses
from ..losses import mse, mse_grad, softmax_cross_entropy
from . import Mistake, cases, run_check

# The library functions the exercises ask the reader to write themselves.
_LOSS_FUNCTIONS = [(losses, name) for name in
                   ("mse", "mse_grad", "softmax_cross_entropy", "softmax_cross_entropy_grad",
                    "log_softmax", "softmax", "logsumexp") if hasattr(losses, name)]

__all__ = ["mse_and_gradient", "cross_entropy"]


def _mse_and_gradient(y_hat, y):
    return mse(y_hat, y), mse_grad(y_hat, y)


def mse_and_gradient(fn):
    """Check fn(y_hat, y) = (L, dL/dŷ) for L = 1/(2N) Σ (ŷ − y)², N = number of rows."""
    rng = np.random.default_rng(201)
    inputs = [(rng.normal(size=(5, 1)), rng.normal(size=(5, 1))),
              (rng.normal(size=(4, 3)), rng.normal(size=(4, 3))),
              (rng.normal(size=(1, 1)), rng.normal(size=(1, 1)))]
    labels = ["5 examples, 1 output", "4 examples, 3 outputs", "1 example"]

    def rows_times_cols(y_hat, y):  # divides by the number of entries instead of rows
        e = y_hat - y
        return float(np.sum(e**2)) / (2 * e.size), e / e.size

    def mean_of_entries(y_hat, y):  # np.mean over all N·K entries in L; the gradient is right
        e = y_hat - y
        return float(np.sum(e**2)) / (2 * e.size), e / y_hat.shape[0]

    def swapped(got, expected, case):
        if (isinstance(got, (tuple, list)) and len(got) == 2 and np.ndim(got[1]) == 0
                and np.shape(got[0]) == np.shape(expected[1])):
            return ("your two return values are in the wrong order: the statement asks for "
                    "the loss first, then its gradient")
        return None

    def wrong_n(got, expected, case):  # N taken from the columns (y.shape[1])
        y_hat, y = case.args
        if y_hat.shape[1] in (1, y_hat.shape[0]):
            return None
        k = y_hat.shape[1]
        e = y_hat - y
        if isinstance(got, (tuple, list)) and len(got) == 2 and np.ndim(got[0]) == 0 and \
                np.isclose(float(got[0]), float(np.sum(e**2)) / (2 * k)):
            return (f"you divided by a count, but not by N: here y_hat has {y_hat.shape[0]} rows "
                    f"(examples) and {k} columns (outputs); which of the two did you take?")
        return None

    mistakes = [
        swapped,
        Mistake(lambda y_hat, y: (2 * mse(y_hat, y), 2 * mse_grad(y_hat, y)),
                "loss and gradient are both twice too large: where did the ½ of "
                "L = 1/(2N) Σ (ŷ − y)² go?"),
        Mistake(lambda y_hat, y: (2 * mse(y_hat, y), mse_grad(y_hat, y)),
                "your gradient is right but the loss is twice too large: the ½ of "
                "L = 1/(2N) Σ (ŷ − y)² is missing from it"),
        Mistake(lambda y_hat, y: (mse(y_hat, y), -mse_grad(y_hat, y)),
                "the gradient points the wrong way: does L grow or shrink when ŷ rises "
                "above y?"),
        Mistake(lambda y_hat, y: (mse(y_hat, y), 2 * mse_grad(y_hat, y)),
                "the loss is right but the gradient is twice too large: the square's "
                "derivative brings down a 2; what happens to it against the ½?"),
        Mistake(lambda y_hat, y: (mse(y_hat, y), mse_grad(y_hat, y) * y_hat.shape[0]),
                "the loss is right, but the gradient lacks the 1/N of the mean"),
        Mistake(lambda y_hat, y: (mse(y_hat, y) * y_hat.shape[0],
                                  mse_grad(y_hat, y) * y_hat.shape[0]),
                "your loss and gradient are N times too large (N = the number of rows): the "
                "examples are added up, not averaged; no division, or one by the wrong "
                "dimension of the array?"),
        Mistake(mean_of_entries,
                "your gradient is right, but the loss is divided by the number of entries "
                "N·K (as np.mean does), not by the number of rows N"),
        Mistake(rows_times_cols,
                "both results are divided by the number of entries N·K (what .size or np.mean "
                "counts), not by the number of rows N"),
        wrong_n,
    ]
    return run_check("mse_and_gradient", fn,
                     cases(_mse_and_gradient, inputs, labels, names=("L", "dL/dŷ")),
                     hints=mistakes, forbid=_LOSS_FUNCTIONS)


def _naive_cross_entropy(logits, labels):
    with np.errstate(all="ignore"):
        e = np.exp(logits)
        p = e / e.sum(axis=1, keepdims=True)
        return float(np.mean(-np.log(p[np.arange(len(labels)), labels])))


def cross_entropy(fn):
    """Check fn(logits (N, K), labels (N,)) = mean −log softmax(z_n)[y_n], also for huge logits."""
    rng = np.random.default_rng(202)
    inputs = [(rng.normal(size=(4, 3)), np.array([0, 2, 1, 2])),
              (3 * rng.normal(size=(6, 5)), rng.integers(0, 5, size=6)),
              (np.array([[1000.0, 999.0, 998.0], [0.0, -800.0, 5.0]]), np.array([2, 1])),
              (np.array([[-1000.0, -1001.0]]), np.array([0]))]
    labels = ["4 examples, 3 classes", "6 examples, 5 classes",
              "logits in the thousands", "very negative logits"]

    def summed(logits, labels):
        return softmax_cross_entropy(logits, labels) * len(labels)

    def no_minus(logits, labels):
        return -softmax_cross_entropy(logits, labels)

    def wrong_class(logits, labels):  # −log of the largest probability, not the true class's
        return softmax_cross_entropy(logits, logits.argmax(axis=1))

    def log_of_sum(logits, labels):  # forgot the log: the largest logit subtracted but no log
        m = logits.max(axis=1, keepdims=True)
        lse = m[:, 0] + np.exp(logits - m).sum(axis=1)
        return float(np.mean(lse - logits[np.arange(len(labels)), labels]))

    def mean_of_all(logits, labels):  # averaged −log p over every class, not the true one
        m = logits.max(axis=1, keepdims=True)
        logp = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
        return float(np.mean(-logp))

    def overflow_hint(got, expected, case):
        if np.ndim(got) == 0 and not np.isfinite(got):
            return ("your result is not finite for large logits: exp overflowed, or a "
                    "probability underflowed to 0 before its log was taken (the log-sum-exp "
                    "section shows how to keep every exp in range)")
        return None

    def stable(z, labels):
        n = len(labels)
        m = z.max(axis=1, keepdims=True)
        return m[:, 0] + np.log(np.exp(z - m).sum(axis=1)), np.arange(n)

    def global_sum(logits, labels):  # one maximum and one sum over the whole array
        m = logits.max()
        lse = m + np.log(np.exp(logits - m).sum())
        return float(np.mean(lse - logits[np.arange(len(labels)), labels]))

    def over_examples(logits, labels):  # softmax over axis 0: a column per class
        m = logits.max(axis=0, keepdims=True)
        lse = m + np.log(np.exp(logits - m).sum(axis=0, keepdims=True))
        return float(np.mean((lse - logits)[np.arange(len(labels)), labels]))

    def column_pick(logits, labels):  # logits[:, labels]: an (N, N) block, not N entries
        lse, _ = stable(logits, labels)
        return float(np.mean(lse - logits[:, labels]))

    mistakes = [
        overflow_hint,
        Mistake(summed, "this is a sum over the examples; the loss is their mean"),
        Mistake(global_sum, "your normaliser is one number for the whole batch: the maximum "
                            "and the sum of exponentials must be taken within each example's "
                            "row (axis=1), one per example"),
        Mistake(over_examples, "your softmax normalises over the examples (axis=0, down each "
                               "column); each example's probabilities are a row and must "
                               "sum to 1 along axis=1"),
        Mistake(column_pick, "logits[:, labels] picks an N × N block (every row, at every "
                             "label), not one entry per example; each row n needs only its "
                             "own class labels[n]"),
        Mistake(no_minus, "wrong sign: the loss is −log p, which is never negative"),
        Mistake(wrong_class, "use the probability of the true class labels[n], not of the "
                             "largest logit"),
        Mistake(log_of_sum, "the log of the sum of exponentials is missing: you added "
                            "Σ exp(z − m) itself to the maximum"),
        Mistake(mean_of_all, "you averaged −log p over every class; the loss takes only each "
                             "example's true class labels[n]"),
        Mistake(_naive_cross_entropy, "right for ordinary logits, but exp overflows for large "
                                      "ones (see the log-sum-exp section)"),
    ]
    return run_check("cross_entropy", fn, cases(softmax_cross_entropy, inputs, labels),
                     hints=mistakes, forbid=_LOSS_FUNCTIONS)
