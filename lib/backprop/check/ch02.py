"""Self-checks for chapter 2 (loss functions)."""

import numpy as np

from ..losses import mse, mse_grad, softmax_cross_entropy
from . import Mistake, cases, run_check

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

    mistakes = [
        Mistake(lambda y_hat, y: (2 * mse(y_hat, y), 2 * mse_grad(y_hat, y)),
                "twice too large: the ½ in L = 1/(2N) Σ (ŷ − y)² is missing"),
        Mistake(lambda y_hat, y: (2 * mse(y_hat, y), mse_grad(y_hat, y)),
                "your gradient is right but the loss is twice too large: put the ½ in "
                "L = 1/(2N) Σ (ŷ − y)²"),
        Mistake(lambda y_hat, y: (mse(y_hat, y), -mse_grad(y_hat, y)),
                "the gradient points the wrong way: dL/dŷ = (ŷ − y)/N, not (y − ŷ)/N"),
        Mistake(lambda y_hat, y: (mse(y_hat, y), 2 * mse_grad(y_hat, y)),
                "the loss is right but the gradient is twice too large: the ½ cancels the 2 "
                "from the square"),
        Mistake(lambda y_hat, y: (mse(y_hat, y), mse_grad(y_hat, y) * y_hat.shape[0]),
                "the loss is right, but the gradient lacks the 1/N of the mean"),
        Mistake(lambda y_hat, y: (mse(y_hat, y) * y_hat.shape[0],
                                  mse_grad(y_hat, y) * y_hat.shape[0]),
                "this is a sum, not a mean: divide by N, the number of rows (examples)"),
        Mistake(rows_times_cols,
                "N is the number of rows (examples), not the number of entries: "
                "use y_hat.shape[0]"),
    ]
    return run_check("mse_and_gradient", fn,
                     cases(_mse_and_gradient, inputs, labels, names=("L", "dL/dŷ")),
                     hints=mistakes)


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
              "logits in the hundreds", "very negative logits"]

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
            return ("your result is not finite for large logits: exp overflowed or a probability "
                    "underflowed to 0. Use log-sum-exp: subtract each row's maximum first and "
                    "never take the log of a probability")
        return None

    mistakes = [
        overflow_hint,
        Mistake(summed, "this is a sum over examples; the loss is the mean (divide by N)"),
        Mistake(no_minus, "wrong sign: the loss is −log p, which is never negative"),
        Mistake(wrong_class, "use the probability of the true class labels[n], not of the "
                             "largest logit"),
        Mistake(log_of_sum, "log-sum-exp needs the log: m + log Σ exp(z − m)"),
        Mistake(mean_of_all, "average −log p only over each example's true class, picked "
                             "with logits[np.arange(N), labels]"),
        Mistake(_naive_cross_entropy, "right for ordinary logits; now make it stable for large "
                                      "ones with log-sum-exp"),
    ]
    return run_check("cross_entropy", fn, cases(softmax_cross_entropy, inputs, labels),
                     hints=mistakes)
