"""Learning rules a brain might run: feedback alignment and Oja's Hebbian rule (chapter 9).

Backprop sends the output error down through the transposed forward weights:

    bp:    δ^(L) = dL/dŷ ⊙ σ'(z^(L)),     δ^(l) = (δ^(l+1) W^(l+1)) ⊙ σ'(z^(l))

(one row per example, W^(l+1) of shape (n_{l+1}, n_l), as in ``nn``). The variants
below keep the forward pass and the weight update dL/dW^(l) = δ^(l)ᵀ a^(l-1) and change
only the signal that reaches the hidden layers:

    fa:    δ^(l) = (δ^(l+1) B^(l+1)) ⊙ σ'(z^(l))    B^(l+1) fixed, random, shaped like W^(l+1)
    dfa:   δ^(l) = (δ^(L)   B^(l))   ⊙ σ'(z^(l))    B^(l) fixed, random, shape (n_L, n_l)
    last:  δ^(l) = 0 for l < L                      only the output layer learns

(feedback alignment, Lillicrap et al. 2016; direct feedback alignment, Nøkland 2016).
Oja's rule (1982) is a Hebbian rule for one linear unit y = w·x:

    w ← w + η y (x − y w)

which finds the top principal component of the inputs, with ‖w‖ → 1. NumPy only.
"""

from numbers import Integral, Real

import numpy as np

from . import nn

__all__ = ["RULES", "FeedbackNet", "angle", "hebb_step", "oja_step", "oja"]

RULES = ("bp", "fa", "dfa", "last")


def angle(u, v):
    """Angle (degrees) between two arrays read as flat vectors: arccos(u·v / (‖u‖ ‖v‖)). Ch. 9."""
    u = np.asarray(u, dtype=np.float64).ravel()
    v = np.asarray(v, dtype=np.float64).ravel()
    if u.shape != v.shape:
        raise ValueError(f"angle needs two arrays of the same size, got {u.size} and {v.size}")
    norms = np.linalg.norm(u) * np.linalg.norm(v)
    if not np.isfinite(norms):
        raise ValueError("angle: the arrays contain NaN or inf")
    if norms == 0:
        raise ValueError("angle is undefined for a zero vector")
    return float(np.degrees(np.arccos(np.clip(u @ v / norms, -1.0, 1.0))))


def _check_rule(rule):
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}, got {rule!r}")
    return rule


class FeedbackNet:
    """An ``nn.MLP`` whose backward pass uses the signal of ``rule`` (see the module). Chapter 9.

    Forward pass, parameters and predictions are the MLP's own, so ``optim`` and
    ``train.fit`` work unchanged. ``feedback`` is the list of fixed matrices, one per
    hidden layer (from the bottom): for "fa" B^(l+1) shaped like W^(l+1), for "dfa"
    B^(l) of shape (n_L, n_l); empty for "bp" and "last". By default their entries are
    uniform in [−scale, scale] with scale = √3 × the forward layer's initial std (the
    same spread as the forward weights); pass ``scale`` or ``feedback`` to choose.
    """

    def __init__(self, model, rule="fa", seed=0, scale=None, feedback=None):
        if not isinstance(model, nn.MLP):
            raise TypeError(f"FeedbackNet wraps an nn.MLP, got {type(model).__name__}")
        self.model = model
        self.rule = _check_rule(rule)
        layers = model.layers
        if rule in ("bp", "last"):
            shapes = []
        elif rule == "fa":
            shapes = [layer.W.shape for layer in layers[1:]]
        else:
            shapes = [(model.sizes[-1], layer.n_out) for layer in layers[:-1]]
        if feedback is not None:
            feedback = [np.array(B, dtype=model.dtype) for B in feedback]
            if [B.shape for B in feedback] != shapes:
                raise ValueError(f"rule {rule!r} needs feedback matrices of shapes {shapes}, "
                                 f"got {[B.shape for B in feedback]}")
            if not all(np.all(np.isfinite(B)) for B in feedback):
                raise ValueError("feedback matrices contain NaN or inf")
        else:
            if scale is not None and (isinstance(scale, bool) or not isinstance(scale, Real)
                                      or not np.isfinite(scale) or scale <= 0):
                raise ValueError(f"scale must be a positive number, got {scale!r}")
            rng = np.random.default_rng(seed)
            feedback = []
            for i, shape in enumerate(shapes):
                above = layers[i + 1]
                s = scale if scale is not None else np.sqrt(3) * nn.init_std(
                    above.activation.name, above.n_in, above.n_out)
                feedback.append(rng.uniform(-s, s, shape).astype(model.dtype))
        self.feedback = feedback
        self._delta_top = self._bp_deltas = None

    def __repr__(self):
        return f"FeedbackNet({self.model!r}, rule={self.rule!r})"

    # the forward side is the MLP's own
    def forward(self, X):
        """ŷ = the MLP's forward pass (keeps z, a for backward). Chapter 9."""
        self._delta_top = self._bp_deltas = None
        return self.model.forward(X)

    __call__ = forward

    def predict(self, X):
        """ŷ for X without touching the state kept for backward."""
        return self.model.predict(X)

    @property
    def params(self):
        return self.model.params

    @property
    def grads(self):
        return self.model.grads

    @property
    def deltas(self):
        """[δ^(1), ..., δ^(L)] as this rule computed them in the last backward."""
        return self.model.deltas

    def backward(self, grad_output):
        """δ^(L) = dL/dŷ ⊙ σ'(z^(L)); hidden δ from the rule's feedback; returns the updates."""
        layers = self.model.layers
        top = layers[-1]
        if top.z is None:
            raise RuntimeError("FeedbackNet.backward needs a forward pass first: call forward")
        grad = np.asarray(grad_output)
        if grad.shape != top.z.shape:
            raise ValueError(f"FeedbackNet.backward: grad_output has shape {grad.shape} but the "
                             f"last forward's output has shape {top.z.shape}")
        if self.rule == "bp":
            self.model.backward(grad)
            return self.grads
        top.backward(grad, need_grad_input=False)
        delta_top = top.delta.copy()
        for i in range(len(layers) - 2, -1, -1):
            layer = layers[i]
            if self.rule == "last":
                layer.dW.fill(0.0)
                layer.db.fill(0.0)
                layer.delta = None
                continue
            signal = layers[i + 1].delta if self.rule == "fa" else delta_top
            layer.backward(signal @ self.feedback[i], need_grad_input=False)
        self._bp_deltas = None
        self._delta_top = delta_top
        return self.grads

    def backprop_deltas(self):
        """Hidden δ^(l) that backprop computes from the same δ^(L): δ^(l+1) W^(l+1) ⊙ σ'(z^(l))."""
        if self.rule == "bp":
            return self.model.deltas[:-1]
        if self._delta_top is None:
            raise RuntimeError("backprop_deltas needs a forward and a backward pass first")
        if self._bp_deltas is None:
            layers = self.model.layers
            delta, out = self._delta_top, []
            for i in range(len(layers) - 2, -1, -1):
                delta = (delta @ layers[i + 1].W) * layers[i].activation.df(layers[i].z)
                out.append(delta)
            self._bp_deltas = out[::-1]
        return self._bp_deltas

    def signal_angles(self):
        """Per hidden layer, the angle (degrees) between the δ this rule used and backprop's δ."""
        if self.rule == "last":
            raise ValueError("rule 'last' sends no signal to the hidden layers")
        return [angle(used, true) for used, true in
                zip(self.model.deltas[:-1], self.backprop_deltas(), strict=True)]

    def weight_angles(self):
        """Rule "fa": per hidden layer, the angle (degrees) between W^(l+1) and B^(l+1)."""
        if self.rule != "fa":
            raise ValueError(f"weight_angles compares W^(l+1) with B^(l+1): only for rule 'fa', "
                             f"not {self.rule!r}")
        return [angle(layer.W, B) for layer, B in zip(self.model.layers[1:], self.feedback,
                                                       strict=True)]


# ---- Hebbian learning ------------------------------------------------------------------

def _unit_inputs(w, x, lr):
    w = np.asarray(w, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    if w.ndim != 1 or x.shape != w.shape:
        raise ValueError(f"w and x must be flat arrays of the same length, got shapes "
                         f"{w.shape} and {x.shape}")
    if isinstance(lr, bool) or not isinstance(lr, Real) or not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    return w, x, float(lr)


def hebb_step(w, x, lr):
    """Plain Hebb: y = w·x, w ← w + η y x (‖w‖ grows without bound). Chapter 9."""
    w, x, lr = _unit_inputs(w, x, lr)
    return w + lr * (w @ x) * x


def oja_step(w, x, lr):
    """Oja's rule: y = w·x, w ← w + η y (x − y w). Chapter 9."""
    w, x, lr = _unit_inputs(w, x, lr)
    y = w @ x
    return w + lr * y * (x - y * w)


def oja(X, lr=0.01, epochs=10, seed=0, w0=None):
    """Run Oja's rule over the rows of X (fresh random order each epoch); return the path of w.

    The result has shape (epochs · N + 1, d): w before any step, then after each step.
    On centred data w → ± the top eigenvector of the covariance, with ‖w‖ → 1. Chapter 9.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or len(X) == 0:
        raise ValueError(f"X must have shape (N, d) with N ≥ 1, got {X.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError("X contains NaN or inf")
    if isinstance(epochs, bool) or not isinstance(epochs, Integral) or epochs < 0:
        raise ValueError(f"epochs must be a non-negative int, got {epochs!r}")
    rng = np.random.default_rng(seed)
    if w0 is None:
        w = rng.normal(size=X.shape[1])
        w /= np.linalg.norm(w) * 2          # start at length 1/2, a random direction
    else:
        w = np.array(w0, dtype=np.float64)
    _unit_inputs(w, X[0], lr)
    path = np.empty((epochs * len(X) + 1, X.shape[1]))
    path[0] = w
    k = 1
    for _ in range(epochs):
        for i in rng.permutation(len(X)):
            x = X[i]
            y = w @ x
            w = w + lr * y * (x - y * w)
            path[k] = w
            k += 1
    if not np.all(np.isfinite(w)):
        raise FloatingPointError(f"Oja's rule diverged with lr={lr}: try a smaller step")
    return path
