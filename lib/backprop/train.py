"""The training loop for classifiers: minibatches, fit, evaluate, accuracy (chapter 7).

One epoch shuffles the training set, cuts it into minibatches and, for each one, runs

    forward:   z = model.forward(X_batch)                (logits, one row per example)
    loss:      L = softmax_cross_entropy(z, y_batch)
    backward:  grads = model.backward(dL/dz)
    update:    optimizer.step(grads)

Any model with ``forward``, ``backward`` and ``params`` works (``nn.MLP`` does), with any
optimizer from ``optim``. NumPy only.
"""


import numpy as np

from . import _checks, seeds
from .losses import softmax_cross_entropy, softmax_cross_entropy_grad

__all__ = ["minibatches", "standardize", "shift_images", "with_shifted_copies", "predict",
           "accuracy", "confusion_matrix", "evaluate", "fit"]


def _labels(y, name="y"):
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class labels, got shape {y.shape}")
    if y.size and y.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer class labels, got dtype {y.dtype}")
    if y.size and y.min() < 0:
        raise ValueError(f"{name} must hold class labels 0, 1, 2, …, found {y.min()}")
    return y


def _examples(X, y):
    X, y = np.asarray(X, dtype=float), _labels(y)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (N, features), one row per example, got {X.shape}")
    if len(X) != len(y):
        raise ValueError(f"X and y have different numbers of rows: {X.shape} and {y.shape}")
    if len(X) == 0:
        raise ValueError("X and y are empty: there is nothing to train on")
    return X, y


def minibatches(n, batch_size, rng=None):
    """Yield index arrays that cover range(n) once, batch_size at a time (chapter 7).

    With ``rng`` (a Generator or an int seed) the order is shuffled; without, it is
    0, 1, …, n−1. The last batch holds the n mod batch_size left over, if any.
    """
    n = _checks.integer(n, "n", minimum=0)
    batch_size = _checks.integer(batch_size, "batch_size", minimum=1)
    order = np.arange(n) if rng is None else seeds.rng(rng).permutation(n)
    for start in range(0, n, batch_size):
        yield order[start:start + batch_size]


def standardize(X_train, *others):
    """Shift and scale every feature to mean 0, standard deviation 1 on X_train (chapter 7).

    x ← (x − μ) / σ with μ, σ measured on the training set only, then applied to every
    array in ``others`` too (no peeking at validation or test data). A feature that is
    constant in training (σ = 0) is only shifted. Returns the arrays in the same order.
    """
    X_train = np.asarray(X_train, dtype=float)
    if X_train.ndim != 2 or len(X_train) == 0:
        raise ValueError(f"X_train must have shape (N, features) with N ≥ 1, got {X_train.shape}")
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std[std == 0] = 1.0
    result = []
    for i, X in enumerate((X_train, *others)):
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != X_train.shape[1]:
            raise ValueError(f"array {i} must have shape (N, {X_train.shape[1]}), got {X.shape}")
        result.append((X - mean) / std)
    return result[0] if not others else tuple(result)


def _images(X, shape):
    X = np.asarray(X, dtype=float)
    if len(shape) != 2:
        raise ValueError(f"shape must be (height, width), got {shape!r}")
    height, width = (_checks.integer(n, "each image side", minimum=1) for n in shape)
    if X.ndim != 2 or X.shape[1] != height * width:
        raise ValueError(f"X must have shape (N, {height * width}), one {height}×{width} image "
                         f"per row, got {X.shape}")
    return X.reshape(-1, height, width)


def shift_images(X, down, right, shape=(8, 8)):
    """Move every image ``down`` pixels down and ``right`` pixels right (chapter 7).

    Negative values move up or left. Pixels that slide off one edge are lost; those that
    come in at the other edge are 0 (blank). X holds one flattened image per row.
    """
    images = _images(X, shape)
    for name, step, side in (("down", down, images.shape[1]), ("right", right, images.shape[2])):
        _checks.integer(step, name, minimum=1 - side, maximum=side - 1)
    moved = np.roll(images, (down, right), axis=(1, 2))
    if down > 0:
        moved[:, :down, :] = 0      # rows that wrapped round from the bottom
    elif down < 0:
        moved[:, down:, :] = 0
    if right > 0:
        moved[:, :, :right] = 0     # columns that wrapped round from the right
    elif right < 0:
        moved[:, :, right:] = 0
    return moved.reshape(len(images), -1)


def with_shifted_copies(X, y, shape=(8, 8)):
    """Data augmentation: the images plus copies moved 1 pixel up, down, left, right (chapter 7).

    A digit moved by one pixel is still the same digit, so each copy is a new, correctly
    labelled training example. Returns (X_aug, y_aug), five times as many rows: the
    originals first, then each shift in turn. Shift raw pixels, then standardise.
    """
    X, y = _examples(X, y)
    _images(X, shape)
    moves = [(0, 0), (-1, 0), (1, 0), (0, -1), (0, 1)]     # none, up, down, left, right
    X_aug = np.concatenate([shift_images(X, down, right, shape) for down, right in moves])
    return X_aug, np.tile(y, len(moves))


def predict(model, X):
    """Predicted class labels: the index of the largest logit in each row (chapter 7)."""
    return np.argmax(model.predict(X), axis=1)


def accuracy(y_true, y_pred):
    """Fraction of examples whose predicted label equals the true one (chapter 7)."""
    y_true, y_pred = _labels(y_true, "y_true"), _labels(y_pred, "y_pred")
    if y_true.shape != y_pred.shape or y_true.size == 0:
        raise ValueError(f"y_true and y_pred must be non-empty and the same shape, got "
                         f"{y_true.shape} and {y_pred.shape}")
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, k=None):
    """C (k, k) with C[i, j] = number of examples of class i predicted as class j (chapter 7).

    The diagonal holds the correct answers, so accuracy = trace(C) / sum(C).
    k defaults to the largest label + 1.
    """
    y_true, y_pred = _labels(y_true, "y_true"), _labels(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must be the same shape, got {y_true.shape} and "
                         f"{y_pred.shape}")
    largest = int(max(y_true.max(initial=-1), y_pred.max(initial=-1)))
    k = largest + 1 if k is None else _checks.integer(k, "k", minimum=1)
    if largest >= k:
        raise ValueError(f"labels must be below k={k} (0 … {k - 1}), found {largest}")
    return np.bincount(y_true * k + y_pred, minlength=k * k).reshape(k, k)


def evaluate(model, X, y):
    """(mean softmax cross-entropy, accuracy) of the model on X, y, without training (chapter 7)."""
    X, y = _examples(X, y)
    logits = model.predict(X)
    if not np.all(np.isfinite(logits)):
        return float("nan"), accuracy(y, np.argmax(np.nan_to_num(logits), axis=1))
    return softmax_cross_entropy(logits, y), accuracy(y, np.argmax(logits, axis=1))


def _blew_up(history, sets, blowup):
    """True if a measured loss is not finite or above blowup × its value at epoch 0."""
    for prefix, _, _ in sets:
        start, now = history[prefix + "loss"][0], history[prefix + "loss"][-1]
        if not np.isfinite(now) or (np.isfinite(start) and now > blowup * max(start, 0.01)):
            return True
    return False


def fit(model, optimizer, X, y, epochs=20, batch_size=32, seed=0, callback=None,
        validation=None, measure_training=True, blowup=100.0):
    """Train with minibatch steps on softmax cross-entropy; return the history (chapter 7).

    Each epoch visits the examples in a fresh random order (``seed`` fixes it). The
    history is a dict of lists with one entry per epoch, starting at epoch 0 (before
    any step): "epoch", "loss", "accuracy" on the training set and, when
    ``validation=(X_val, y_val)`` is given, "val_loss" and "val_accuracy". Each is
    measured on the whole set with the weights at the end of the epoch;
    ``measure_training=False`` skips the training set (a third faster). After each
    epoch ``callback(epoch, history)`` is called; if it returns True, training stops.

    Divergence (learning rate too large) stops training and sets ``history["diverged"]``
    to True. A run has diverged when the logits of a minibatch are not finite, or when a
    measured loss (training or validation) is not finite or exceeds ``blowup`` times its
    value at epoch 0 (default 100: for ten classes the loss starts near 2.3 or above, so
    above about 230 nats per example; by then the logits are so large that the wrong
    answers cost hundreds of nats each on average, even while many answers may still be
    right). A start below 0.01 counts as 0.01. ``blowup=inf`` keeps only the non-finite
    test. Without measured losses (``measure_training=False`` and no validation) only the
    logits are checked.
    """
    X, y = _examples(X, y)
    epochs = _checks.integer(epochs, "epochs", minimum=0)
    batch_size = _checks.integer(batch_size, "batch_size", minimum=1)
    _checks.real(blowup, "blowup (a factor on the starting loss)", 1, low_open=True, finite=False)
    sets = [("", X, y)] if measure_training else []
    if validation is not None:
        sets.append(("val_", *_examples(*validation)))
    history = {"epoch": []}
    for prefix, _, _ in sets:
        history.update({prefix + "loss": [], prefix + "accuracy": []})
    history["diverged"] = False

    def record(epoch):
        history["epoch"].append(epoch)
        for prefix, X_, y_ in sets:
            loss, acc = evaluate(model, X_, y_)
            history[prefix + "loss"].append(loss)
            history[prefix + "accuracy"].append(acc)

    rng = seeds.rng(seed)
    with np.errstate(over="ignore", invalid="ignore"):
        record(0)
    for epoch in range(1, epochs + 1):
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is detected below
            for batch in minibatches(len(y), batch_size, rng):
                logits = model.forward(X[batch])
                if not np.all(np.isfinite(logits)):
                    history["diverged"] = True
                    break
                optimizer.step(model.backward(softmax_cross_entropy_grad(logits, y[batch])))
            record(epoch)
        if history["diverged"] or _blew_up(history, sets, blowup):
            history["diverged"] = True
            break
        if callback is not None and callback(epoch, history):
            break
    return history
