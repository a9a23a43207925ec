"""Self-checks for chapter 10 (a language model of first names)."""

import math

import numpy as np

from .. import language, losses, nn
from . import Mistake, cases, run_check

__all__ = ["bigram_probabilities", "embedding_backward", "perplexity"]


# ---- bigram_probabilities(previous, y, V, alpha) -> P (V, V) ---------------------------


def _bigram_inputs():
    rng = np.random.default_rng(1001)
    inputs = []
    for n, V, alpha in ((12, 4, 1.0), (60, 6, 0.5), (200, 27, 0.1)):
        previous = rng.integers(0, V, size=n)
        y = rng.integers(0, V, size=n)
        previous[:3], y[:3] = 1, 2              # the pair (1, 2) three times
        inputs.append((previous, y, V, alpha))
    return inputs


def _counts_buffered(previous, y, V):
    counts = np.zeros((V, V))
    counts[previous, y] += 1                    # a repeated pair is added once
    return counts


def bigram_probabilities(fn):
    """Check fn(previous, y, V, alpha) = (count(a, b) + α) / (count(a) + αV), rows a."""
    labels = ["12 pairs, 4 tokens, α = 1", "60 pairs, 6 tokens, α = 0.5",
              "200 pairs, 27 tokens, α = 0.1"]

    def rows(counts):
        return counts / counts.sum(axis=1, keepdims=True)

    def raw(previous, y, V):
        counts = np.zeros((V, V))
        np.add.at(counts, (previous, y), 1.0)
        return counts

    mistakes = [
        Mistake(lambda p, y, V, a: rows(_counts_buffered(p, y, V) + a),
                "a pair that occurs several times was counted once: `counts[a, b] += 1` with "
                "index arrays writes each repeated index once"),
        Mistake(lambda p, y, V, a: rows(raw(y, p, V) + a),
                "the table is transposed: your row a holds what comes *before* token a"),
        Mistake(lambda p, y, V, a: (raw(p, y, V) + a) / (raw(p, y, V) + a).sum(axis=0),
                "your columns sum to 1; each row (one previous token) should"),
        Mistake(lambda p, y, V, a: (raw(p, y, V) + a) / (raw(p, y, V) + a).sum(),
                "you divided by the total count; a conditional probability divides by the "
                "count of the previous token, row by row"),
        Mistake(lambda p, y, V, a: (raw(p, y, V) + a) / (raw(p, y, V).sum(1, keepdims=True)
                                                          + a),
                "the rows do not sum to 1: adding α to each of the V counts adds αV to "
                "the row's total"),
        Mistake(lambda p, y, V, a: rows(raw(p, y, V) + 1.0),
                "the smoothing ignores `alpha`: you added 1 to every count"),
        Mistake(lambda p, y, V, a: (raw(p, y, V) + a) / (raw(p, y, V) + a).sum(axis=1),
                "dividing the (V, V) table by the V row totals, an array of shape (V,), lines "
                "them up with the columns: entry (a, b) was divided by row b's total"),
        Mistake(lambda p, y, V, a: (raw(p, y, V) + a) // (raw(p, y, V) + a).sum(
                    axis=1, keepdims=True),
                "`//` is floor division: it rounds each probability down to a whole number"),
        Mistake(lambda p, y, V, a: (raw(p, y, V) + a) / (np.bincount(y, minlength=V)[:, None]
                                                          + a * V),
                "count(a) is how often a occurs as the *previous* token, the total of row a; "
                "you counted how often it comes next"),
        Mistake(lambda p, y, V, a: (raw(p, y, V) + a) / ((raw(p, y, V) + a).sum(
                    axis=1, keepdims=True) + a * V),
                "αV counted twice: once α is in every count, the row total already includes it"),
        Mistake(lambda p, y, V, a: rows(np.bincount(p * V + y).reshape(V, V) + a),
                "`np.bincount` returns bins only up to the largest pair code that occurs, "
                "fewer than V·V when the last pairs never do"),
    ]

    def unsmoothed(got, expected, case):
        with np.errstate(all="ignore"):
            have = np.asarray(got, dtype=float)
        if have.shape == expected.shape and (np.isnan(have).any() or (have == 0).any()):
            return ("some probabilities are 0 or NaN: a pair never seen in training must keep "
                    "a little probability, so add α to every count before dividing")
        return None

    return run_check("bigram_probabilities", fn,
                     cases(lambda p, y, V, a: language.bigram(p, y, V, a), _bigram_inputs(),
                           labels),
                     hints=[*mistakes, unsmoothed], forbid=[(language, "bigram")])


# ---- embedding_backward(E, tokens, grad_x) -> dE ---------------------------------------


def _scatter(E, tokens, grad_x):
    dE = np.zeros_like(E)
    np.add.at(dE, tokens, grad_x)
    return dE


def embedding_backward(fn):
    """Check fn(E, tokens, grad_x) = dL/dE: each token's row collects every position's dL/dx."""
    rng = np.random.default_rng(1002)
    inputs = []
    for V, d, n, k in ((5, 2, 1, 3), (7, 3, 4, 2), (27, 10, 16, 3)):
        E = rng.normal(size=(V, d))
        tokens = rng.integers(0, V, size=(n, k))
        tokens[0, :2] = 1                       # a token twice in one context
        inputs.append((E, tokens, rng.normal(size=(n, k, d))))
    labels = ["one context of 3 tokens, token 1 twice", "4 contexts of 2 tokens",
              "16 contexts of 3 tokens, 27 tokens of dimension 10"]

    def buffered(E, tokens, grad_x):
        dE = np.zeros_like(E)
        dE[tokens] += grad_x                    # one of the repeated contributions is lost
        return dE

    mistakes = [
        Mistake(buffered,
                "a token used at two positions got only one of its two gradients: `dE[tokens] += "
                "g` writes each repeated row once (chapter 5's fan-out rule says they add)"),
        Mistake(lambda E, t, g: _scatter(E, t, g) + E,
                "dE starts from E instead of from zeros: the gradient is only the sum of the "
                "contributions"),
        Mistake(lambda E, t, g: np.broadcast_to(g.sum(axis=(0, 1)), E.shape).copy(),
                "every row got the same sum of all gradients; each position's gradient belongs "
                "to the row of *its* token only"),
        Mistake(lambda E, t, g: np.eye(len(E))[t.ravel()] @ g.reshape(-1, E.shape[1]),
                "your one-hot matrix has one row per position, so multiplying by it maps rows "
                "of E to positions; the gradient goes the other way, from the positions back "
                "to the V rows (the transposed matrix)"),
        Mistake(lambda E, t, g: np.eye(len(E))[t.ravel()].T @ g,
                "grad_x has shape (N, k, d), one row per context; `@` with it multiplies "
                "context by context. The one-hot matrix has one row per position (N·k)"),
        Mistake(lambda E, t, g: _scatter(E, t, g * E[t]),
                "the lookup x = E[token] copies a row, so its local derivative is 1: the "
                "gradient passes back unchanged, with no factor E"),
        Mistake(lambda E, t, g: _scatter(E, t, g) / t.size,
                "you divided by the number of positions; dL/dE is the plain sum of the "
                "positions' contributions (any 1/N is already inside grad_x)"),
        Mistake(lambda E, t, g: _scatter(E, t[:, :1], g[:, :1]),
                "only the first position of each context sent its gradient back; every one "
                "of the k positions looked up a row"),
        Mistake(lambda E, t, g: _scatter(np.zeros_like(t, dtype=float), t, g),
                "dE has E's shape (V, d), one row per token of the vocabulary, not the shape "
                "of `tokens`"),
    ]
    return run_check("embedding_backward", fn, cases(_scatter, inputs, labels),
                     hints=mistakes, forbid=[(nn.Embedding, "backward")])


# ---- perplexity(logits, y) -> float -----------------------------------------------------


def _perplexity(logits, y):
    return float(np.exp(losses.softmax_cross_entropy(logits, y)))


def perplexity(fn):
    """Check fn(logits, y) = exp(mean over positions of −log softmax(logits)[y])."""
    rng = np.random.default_rng(1003)
    inputs = [(np.zeros((4, 27)), np.array([0, 5, 26, 3])),
              (rng.normal(size=(10, 6)), rng.integers(0, 6, size=10)),
              (rng.normal(scale=3, size=(20, 27)) + 800.0, rng.integers(0, 27, size=20))]
    labels = ["all logits 0 (a uniform guess over 27 tokens)", "10 positions, 6 tokens",
              "20 positions, logits near 800"]

    def log_probs(z):
        z = z - z.max(axis=1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=1, keepdims=True))

    def picked(z, y):
        return log_probs(z)[np.arange(len(y)), y]

    def naive(z, y):
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        return float(np.exp(-np.mean(np.log(p[np.arange(len(y)), y]))))

    def shifted(z):
        return z - z.max(axis=1, keepdims=True)

    def over_positions(z):
        z = z - z.max(axis=0, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=0, keepdims=True))

    mistakes = [
        Mistake(lambda z, y: float(-np.mean(picked(z, y))),
                "that is the loss L itself; perplexity is e to the power of the loss"),
        Mistake(lambda z, y: float(np.exp(-np.sum(picked(z, y)))),
                "your exponent is the *sum* of the losses over the positions, not their mean"),
        Mistake(lambda z, y: float(2.0 ** -np.mean(picked(z, y))),
                "you used base 2 with a loss in nats: the book's losses use the natural log"),
        Mistake(lambda z, y: float(np.mean(np.exp(-picked(z, y)))),
                "you averaged exp(loss) over positions, an arithmetic mean of 1/p; perplexity is "
                "a geometric one"),
        Mistake(lambda z, y: float(np.exp(-np.mean(log_probs(z).max(axis=1)))),
                "you scored the most likely token, not the token that actually came next"),
        Mistake(lambda z, y: float(np.exp(np.mean(picked(z, y)))),
                "your perplexity is below 1, which no model can reach: the loss is minus the "
                "mean log-probability, and the minus is missing"),
        Mistake(lambda z, y: float(np.exp(-np.mean(log_probs(z)[:, y]))),
                "`[:, y]` picks, at every position, the entries of all N targets (an N × N "
                "table); each position needs the entry of its own target"),
        Mistake(lambda z, y: float(np.exp(-np.mean(over_positions(z)[np.arange(len(y)), y]))),
                "your softmax normalises over the positions (axis 0); at each position the "
                "probabilities of the V tokens must sum to 1"),
        Mistake(lambda z, y: float(np.exp(-np.mean((shifted(z) - np.log(
                    np.exp(shifted(z)).sum()))[np.arange(len(y)), y]))),
                "your log-sum-exp sums over the whole array; each position needs its own sum "
                "over its V logits"),
        Mistake(lambda z, y: float(np.exp(np.mean(
                    np.log(np.exp(shifted(z)).sum(axis=1)) - z[np.arange(len(y)), y]))),
                "you subtracted each row's maximum inside the log-sum-exp but not from the "
                "picked logit: the two parts are on different scales"),
        Mistake(lambda z, y: float(np.exp(-np.sum(picked(z, y)) / z.shape[1])),
                "you divided by the number of tokens V (the columns); the mean runs over the "
                "N positions"),
        Mistake(lambda z, y: float(np.exp(-np.mean(picked(z - z.max(axis=1), y)))),
                "the row maxima have shape (N,) and do not line up with the (N, V) logits: "
                "keep one maximum per row as a column"),
        Mistake(lambda z, y: math.exp(z - z.max(axis=1, keepdims=True)),
                "math.exp takes one number at a time; you gave it an array, and NumPy's own "
                "exp works entry by entry"),
        Mistake(naive,
                "your result is NaN for logits near 800: exp overflowed to inf and inf / inf "
                "is NaN. The statement's log-sum-exp never takes exp of a large number"),
    ]
    return run_check("perplexity", fn, cases(_perplexity, inputs, labels), hints=mistakes,
                     forbid=[(losses, "softmax_cross_entropy"), (language, "perplexity")])
