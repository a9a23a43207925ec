"""A support-vector machine with a Gaussian (RBF) kernel, NumPy only (chapter 7).

The classical baseline that a network on small images has to beat (Cortes and Vapnik
1995). Its score for class c on an image x is a weighted vote of the training images,

    f_c(x) = Σ_i α_ic y_ic Q(x_i, x),   Q(x, x') = exp(−γ ‖x − x'‖²) + 1,

where y_ic = +1 if image i is a c and −1 otherwise (one class against the rest), and the
kernel Q measures likeness: 2 for the same image, near 1 for very different ones (the
"+ 1" plays the role of a bias). The answer is the class with the largest score. The
weights solve, for each class separately, the soft-margin dual problem

    minimise  D(α) = ½ Σ_ij α_i α_j y_i y_j Q_ij − Σ_i α_i   subject to  0 ≤ α_i ≤ C,

by dual coordinate descent (Hsieh et al. 2008): for each training image i in turn (a
fresh random order each pass), with f_i = Σ_j α_j y_j Q_ij and the gradient G_i = y_i f_i − 1,

    α_i ← clip(α_i − G_i / Q_ii, 0, C),   then   f ← f + Q[:, i] (Δα_i y_i).

One step updates every class at once. An image with α_i = 0 is classified with room
to spare (y_i f_i ≥ 1), one with α_i = C is inside the margin or wrong (y_i f_i ≤ 1), one
in between sits on it (y_i f_i = 1): the optimality (KKT) conditions. The passes stop
when no image breaks them by more than ``tol`` or after ``max_epochs`` passes.
"""

from collections import namedtuple

import numpy as np

from . import _checks, seeds

__all__ = ["SVM", "rbf_kernel", "scale_gamma", "fit", "decision", "predict",
           "dual_objective", "kkt_violation"]

SVM = namedtuple("SVM", "X alpha Y gamma C epochs")
SVM.__doc__ = """A fitted SVM: training images X, weights alpha and ±1 targets Y (both
(N, classes)), the kernel's gamma, C, and the number of passes it took."""


def _matrix(X, name):
    X = np.asarray(X)
    if X.dtype == bool or not np.issubdtype(X.dtype, np.number):
        raise TypeError(f"{name} must hold numbers, got dtype {X.dtype}")
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"{name} must be a non-empty 2-D array (images, pixels), "
                         f"got shape {X.shape}")
    X = X.astype(np.float64)
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} contains NaN or inf")
    return X


def _labels(y, n):
    y = np.asarray(y)
    if y.shape != (n,):
        raise ValueError(f"y must have shape ({n},), one label per row of X, got {y.shape}")
    if y.dtype.kind not in "iu":
        raise TypeError(f"y must hold integer class labels, got dtype {y.dtype}")
    if y.min() < 0:
        raise ValueError(f"y must hold class labels 0, 1, 2, …, found {y.min()}")
    if len(np.unique(y)) < 2:
        raise ValueError("y must hold at least two classes")
    return y


def scale_gamma(X):
    """γ = 1 / (d · Var(X)): the kernel width that scikit-learn calls "scale"."""
    X = _matrix(X, "X")
    return 1.0 / (X.shape[1] * X.var())


def rbf_kernel(A, B, gamma):
    """The Gaussian kernel exp(−γ ‖a − b‖²) for every row a of A and b of B."""
    A, B = _matrix(A, "A"), _matrix(B, "B")
    gamma = _checks.real(gamma, "gamma", 0, low_open=True)
    if A.shape[1] != B.shape[1]:
        raise ValueError(f"A and B must have as many columns, got {A.shape} and {B.shape}")
    d2 = (A ** 2).sum(1)[:, None] - 2 * A @ B.T + (B ** 2).sum(1)[None, :]
    return np.exp(-gamma * np.maximum(d2, 0.0))


def _targets(y, classes):
    return np.where(y[:, None] == np.arange(classes), 1.0, -1.0)


def fit(X, y, C=1.0, gamma="scale", tol=0.1, max_epochs=100, seed=0):
    """Fit one-against-the-rest RBF SVMs for all classes at once by dual coordinate descent.

    ``gamma`` is a positive number or "scale" (``scale_gamma(X)``). Each pass visits the
    images in a fresh random order (``seed`` fixes it). Stops when the largest violation
    of the optimality conditions (``kkt_violation``) is below ``tol``, or after
    ``max_epochs`` passes. Returns an ``SVM``.
    """
    X = _matrix(X, "X")
    y = _labels(y, len(X))
    C = _checks.real(C, "C", 0, low_open=True)
    if isinstance(gamma, str) and gamma == "scale":
        gamma = scale_gamma(X)
    gamma = _checks.real(gamma, "gamma", 0, low_open=True)
    tol = _checks.real(tol, "tol", 0, low_open=True)
    max_epochs = _checks.integer(max_epochs, "max_epochs", minimum=1)
    rng = seeds.rng(_checks.seed(seed))
    Q = rbf_kernel(X, X, gamma) + 1.0                     # symmetric: row i is column i
    Y = _targets(y, y.max() + 1)
    alpha = np.zeros_like(Y)
    f = np.zeros(Y.shape[::-1])              # f = Q (α ∘ Y), one row per class, kept up to date
    epochs = 0
    while epochs < max_epochs:
        epochs += 1
        for i in rng.permutation(len(X)):
            G = Y[i] * f[:, i] - 1.0                      # all classes at once
            new = np.minimum(np.maximum(alpha[i] - G / Q[i, i], 0.0), C)
            f += ((new - alpha[i]) * Y[i])[:, None] * Q[i]
            alpha[i] = new
        if _violation(alpha, Y, f.T, C) < tol:
            break
    return SVM(X, alpha, Y, gamma, C, epochs)


def _violation(alpha, Y, f, C):
    G = Y * f - 1.0                                       # the dual gradient
    projected = np.where(alpha <= 0, np.minimum(G, 0), np.where(alpha >= C, np.maximum(G, 0), G))
    return np.abs(projected).max()


def kkt_violation(model, X, y):
    """How far the weights are from optimal: the largest projected gradient abs(G_i) over
    images and classes (0 at the optimum). X, y are the images the model was fitted on."""
    Q = rbf_kernel(X, model.X, model.gamma) + 1.0
    f = Q @ (model.alpha * model.Y)
    return _violation(model.alpha, _targets(_labels(y, len(Q)), model.Y.shape[1]), f, model.C)


def dual_objective(model):
    """D(α) = ½ αᵀ(yyᵀ∘Q)α − Σα for each class: the quantity the fit minimises."""
    Q = rbf_kernel(model.X, model.X, model.gamma) + 1.0
    v = model.alpha * model.Y
    return 0.5 * np.einsum("ic,ij,jc->c", v, Q, v) - model.alpha.sum(axis=0)


def decision(model, X):
    """The scores f_c(x) = Σ_i α_ic y_ic Q(x_i, x), one row per image, one column per class."""
    X = _matrix(X, "X")
    if X.shape[1] != model.X.shape[1]:
        raise ValueError(f"X must have {model.X.shape[1]} columns, as the fitted images, "
                         f"got {X.shape[1]}")
    return (rbf_kernel(X, model.X, model.gamma) + 1.0) @ (model.alpha * model.Y)


def predict(model, X):
    """The class with the largest score, for each row of X."""
    return np.argmax(decision(model, X), axis=1)
