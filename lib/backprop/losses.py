"""Loss functions L(ŷ, y) and their gradients dL/dŷ, side by side (chapter 2).

Arrays hold one row per example; N is the number of rows and every loss is an
average over the N examples. Inputs are checked, never guessed: a prediction of
shape (N,) and a target of shape (N, 1) raise a ValueError instead of silently
broadcasting to (N, N), and NaN or inf is refused.
"""

import numpy as np

from .activations import sigmoid, softmax

_EPS = 1e-12  # ε: binary_cross_entropy clips p to [ε, 1 − ε] so log p stays finite
_PROBABILITIES = "probabilities; for logits use sigmoid_cross_entropy"


# ---------------------------------------------------------------- input checks


def _floats(name, what, x):
    """x as a float array, or a TypeError naming the argument."""
    x = np.asarray(x)
    if x.dtype.kind in "biu":
        return x.astype(np.float64)
    if x.dtype.kind != "f":
        raise TypeError(f"{name}: {what} must hold real numbers, got dtype {x.dtype}")
    return x


def _check_finite(name, what, x):
    if not np.isfinite(x).all():
        bad = "NaN" if np.isnan(x).any() else "inf"
        raise ValueError(f"{name}: {what} contains {bad}; losses need finite numbers")


def _check_range(name, what, x, meaning):
    if x.min() < 0 or x.max() > 1:
        raise ValueError(
            f"{name}: {what} must lie in [0, 1] ({meaning}), "
            f"found values from {x.min():.4g} to {x.max():.4g}"
        )


def _pair(name, pred, target, names=("y_hat", "y")):
    """Check a prediction/target pair: floats, identical shapes, at least one row, finite."""
    pred, target = _floats(name, names[0], pred), _floats(name, names[1], target)
    if pred.shape != target.shape:
        raise ValueError(
            f"{name}: {names[0]} has shape {pred.shape} but {names[1]} has shape {target.shape}; "
            f"they must match exactly (no broadcasting): reshape one, e.g. "
            f"{names[1]}.reshape({pred.shape})"
        )
    if pred.ndim == 0 or pred.shape[0] == 0:
        raise ValueError(f"{name}: need at least one example (one per row), got shape {pred.shape}")
    _check_finite(name, names[0], pred)
    _check_finite(name, names[1], target)
    return pred, target


def _logits_labels(name, logits, labels):
    """Check logits (N, K) and integer class labels (N,) in 0..K−1."""
    logits = _floats(name, "logits", logits)
    if logits.ndim != 2 or logits.shape[0] == 0 or logits.shape[1] == 0:
        raise ValueError(
            f"{name}: logits must have shape (N, K), one row of K class scores per example, "
            f"got shape {logits.shape}"
        )
    n, k = logits.shape
    labels = np.asarray(labels)
    if labels.shape != (n,):
        hint = " (one-hot? pass y.argmax(axis=1))" if labels.shape == logits.shape else ""
        raise ValueError(
            f"{name}: labels must be class indices of shape ({n},) to match logits of shape "
            f"{logits.shape}, got labels of shape {labels.shape}{hint}"
        )
    if labels.dtype.kind not in "iu":
        raise TypeError(
            f"{name}: labels must be integer class indices, got dtype {labels.dtype} "
            f"(convert with y.astype(int) if they are whole numbers)"
        )
    low, high = labels.min(), labels.max()
    if low < 0 or high >= k:
        raise ValueError(
            f"{name}: labels must lie in 0..{k - 1} for {k} classes, "
            f"found label {low if low < 0 else high}"
        )
    _check_finite(name, "logits", logits)
    return logits, labels


# ---------------------------------------------------------------- mean squared error


def mse(y_hat, y):
    """Mean squared error: L = 1/(2N) Σ (ŷ − y)² over all entries, N = number of rows. Chapter 2."""
    y_hat, y = _pair("mse", y_hat, y)
    d = (y_hat - y).ravel()
    return float(np.dot(d, d)) / (2 * y_hat.shape[0])


def mse_grad(y_hat, y):
    """dL/dŷ = (ŷ − y) / N. Chapter 2."""
    y_hat, y = _pair("mse_grad", y_hat, y)
    return (y_hat - y) / y_hat.shape[0]


# ---------------------------------------------------------------- binary cross-entropy


def binary_cross_entropy(p, y):
    """Binary cross-entropy: L = −1/N Σ [y log p + (1−y) log(1−p)], p in [ε, 1−ε]. Chapter 2."""
    p, y = _pair("binary_cross_entropy", p, y, names=("p", "y"))
    _check_range("binary_cross_entropy", "p", p, _PROBABILITIES)
    _check_range("binary_cross_entropy", "y", y, "targets")
    p = np.clip(p.astype(np.float64), _EPS, 1 - _EPS)
    return float(-np.sum(y * np.log(p) + (1 - y) * np.log1p(-p))) / p.shape[0]


def binary_cross_entropy_grad(p, y):
    """dL/dp = (p − y) / (p (1 − p)) / N, at the clipped p. Chapter 2."""
    p, y = _pair("binary_cross_entropy_grad", p, y, names=("p", "y"))
    _check_range("binary_cross_entropy_grad", "p", p, _PROBABILITIES)
    _check_range("binary_cross_entropy_grad", "y", y, "targets")
    p = np.clip(p.astype(np.float64), _EPS, 1 - _EPS)
    return (p - y) / (p * (1 - p)) / p.shape[0]


def sigmoid_cross_entropy(z, y):
    """Cross-entropy of σ(z), logits z: L = 1/N Σ [max(z, 0) − zy + log(1 + e^−|z|)]. Chapter 2."""
    z, y = _pair("sigmoid_cross_entropy", z, y, names=("z", "y"))
    _check_range("sigmoid_cross_entropy", "y", y, "targets")
    per_entry = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return float(np.sum(per_entry)) / z.shape[0]


def sigmoid_cross_entropy_grad(z, y):
    """dL/dz = (σ(z) − y) / N. Chapter 2."""
    z, y = _pair("sigmoid_cross_entropy_grad", z, y, names=("z", "y"))
    _check_range("sigmoid_cross_entropy_grad", "y", y, "targets")
    return (sigmoid(z) - y) / z.shape[0]


# ---------------------------------------------------------------- softmax cross-entropy


def _logsumexp(z, axis=-1):
    m = z.max(axis=axis, keepdims=True)
    s = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
    return np.squeeze(s, axis=axis)


def logsumexp(z, axis=-1):
    """log Σ_k e^(z_k) along `axis`, computed as m + log Σ_k e^(z_k − m), m = max z. Chapter 2."""
    z = _floats("logsumexp", "z", z)
    if z.ndim == 0 or z.shape[axis] == 0:
        raise ValueError(f"logsumexp: need at least one entry along axis {axis}, got {z.shape}")
    _check_finite("logsumexp", "z", z)
    return _logsumexp(z, axis)


def softmax_cross_entropy(logits, labels):
    """Softmax cross-entropy, labels y: L = 1/N Σ_n [logsumexp(z_n) − z_(n, y_n)]. Chapter 2."""
    logits, labels = _logits_labels("softmax_cross_entropy", logits, labels)
    picked = logits[np.arange(len(labels)), labels]
    return float(np.sum(_logsumexp(logits) - picked)) / len(labels)


def softmax_cross_entropy_grad(logits, labels):
    """dL/dz = (softmax(z) − onehot(y)) / N. Chapter 2."""
    logits, labels = _logits_labels("softmax_cross_entropy_grad", logits, labels)
    grad = softmax(logits, axis=1)
    grad[np.arange(len(labels)), labels] -= 1.0  # softmax(z) − onehot(y)
    return grad / len(labels)
