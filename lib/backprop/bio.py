"""Rules a brain might run: fixed and learned feedback, node perturbation, Oja (chapter 9).

Backprop sends the output error down through the transposed forward weights:

    bp:    δ^(L) = dL/dŷ ⊙ σ'(z^(L)),     δ^(l) = (δ^(l+1) W^(l+1)) ⊙ σ'(z^(l))

(one row per example, W^(l+1) of shape (n_{l+1}, n_l), as in ``nn``). The variants
below keep the forward pass and the weight update dL/dW^(l) = δ^(l)ᵀ a^(l-1) and change
only the signal that reaches the hidden layers:

    fa:    δ^(l) = (δ^(l+1) B^(l+1)) ⊙ σ'(z^(l))    B^(l+1) fixed, random, shaped like W^(l+1)
    dfa:   δ^(l) = (δ^(L)   B^(l))   ⊙ σ'(z^(l))    B^(l) fixed, random, shape (n_L, n_l)
    kp:    as fa, but B^(l+1) learns too:  ΔB^(l+1) = ΔW^(l+1) = −η (δ^(l+1)ᵀ a^(l) + λ ·)
    sign:  as fa, with B^(l+1) = m · sign(W^(l+1)), taken from the current W at every step
    last:  δ^(l) = 0 for l < L                      only the output layer learns

(feedback alignment, Lillicrap et al. 2016; direct feedback alignment, Nøkland 2016;
Kolen & Pollack 1994; sign symmetry, Liao, Leibo & Poggio 2016). Sign symmetry shares only
the signs of the forward weights, not their sizes; the constant m sets the size of B (by
default the forward layer's initial std, the root-mean-square of FA's random B). Under
Kolen-Pollack, with the same update and weight decay λ on W and B, W − B shrinks by
(1 − ηλ) each step, so B comes to equal W. Node perturbation needs no backward pass:

    np:    z̃^(l) = z^(l) + ξ^(l),  ξ ~ N(0, σ²I);  δ̂^(l) = (L(z̃) − L(z)) ξ^(l) / σ²

one scalar reward per example (the REINFORCE family; Williams 1992).
Oja's rule (1982) is a Hebbian rule for one linear unit y = w·x:

    w ← w + η y (x − y w)

which finds the top principal component of the inputs, with ‖w‖ → 1. NumPy only.
"""

import numpy as np

from . import _checks, losses, nn, optim, seeds, train
from .losses import _logsumexp

__all__ = ["RULES", "FeedbackNet", "NodePerturbation", "per_example_loss", "angle",
           "learning_curves", "hebb_step", "oja_step", "oja"]

RULES = ("bp", "fa", "dfa", "kp", "sign", "last")


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


class FeedbackNet:
    """An ``nn.MLP`` whose backward pass uses the signal of ``rule`` (see the module). Chapter 9.

    Forward pass, parameters and predictions are the MLP's own, so ``optim`` and
    ``train.fit`` work unchanged. ``feedback`` is the list of fixed matrices, one per
    hidden layer (from the bottom): for "fa", "kp" and "sign" B^(l+1) shaped like W^(l+1),
    for "dfa" B^(l) of shape (n_L, n_l); empty for "bp" and "last". By default their
    entries are uniform in [−scale, scale] with scale = √3 × the forward layer's initial
    std (the same spread as the forward weights); pass ``scale`` or ``feedback`` to choose.
    For "sign", B^(l+1) = m · sign(W^(l+1)) is recomputed from the current forward weights
    at every backward pass; m = ``scale`` or, by default, the forward layer's initial std
    (so B has the root-mean-square of FA's default B); ``feedback`` cannot be given.
    ``decay`` = λ adds λW to every weight's update (and λB for "kp", whose ``params``
    and ``grads`` then also hold the feedback matrices, so any optimizer trains them).
    """

    def __init__(self, model, rule="fa", seed=0, scale=None, feedback=None, decay=0.0):
        if not isinstance(model, nn.MLP):
            raise TypeError(f"FeedbackNet wraps an nn.MLP, got {type(model).__name__}")
        self.model = model
        self.rule = _checks.one_of(rule, "rule", RULES)
        self.decay = _checks.real(decay, "decay", 0)
        layers = model.layers
        if rule in ("bp", "last"):
            shapes = []
        elif rule in ("fa", "kp", "sign"):
            shapes = [layer.W.shape for layer in layers[1:]]
        else:
            shapes = [(model.sizes[-1], layer.n_out) for layer in layers[:-1]]
        if scale is not None:
            scale = _checks.real(scale, "scale", 0, low_open=True)
        self._magnitudes = []
        if rule == "sign":
            if feedback is not None:
                raise ValueError("rule 'sign' takes its feedback from the signs of the forward "
                                 "weights: pass scale, not feedback")
            self._magnitudes = [scale if scale is not None else nn.init_std(
                above.activation.name, above.n_in, above.n_out) for above in layers[1:]]
            feedback = self._sign_feedback()
        elif feedback is not None:
            feedback = [np.array(B, dtype=model.dtype) for B in feedback]
            if [B.shape for B in feedback] != shapes:
                raise ValueError(f"rule {rule!r} needs feedback matrices of shapes {shapes}, "
                                 f"got {[B.shape for B in feedback]}")
            if not all(np.all(np.isfinite(B)) for B in feedback):
                raise ValueError("feedback matrices contain NaN or inf")
        else:
            rng = seeds.rng(seed)
            feedback = []
            for i, shape in enumerate(shapes):
                above = layers[i + 1]
                s = scale if scale is not None else np.sqrt(3) * nn.init_std(
                    above.activation.name, above.n_in, above.n_out)
                feedback.append(rng.uniform(-s, s, shape).astype(model.dtype))
        self.feedback = feedback
        self._feedback_grads = [np.zeros_like(B) for B in feedback] if rule == "kp" else []
        self._delta_top = self._bp_deltas = None

    def __repr__(self):
        return f"FeedbackNet({self.model!r}, rule={self.rule!r})"

    def _sign_feedback(self):
        """Rule "sign": B^(l+1) = m_l · sign(W^(l+1)) from the current forward weights."""
        return [(m * np.sign(above.W)).astype(self.model.dtype)
                for m, above in zip(self._magnitudes, self.model.layers[1:], strict=True)]

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
        """The MLP's [W1, b1, ...], then for "kp" the feedback matrices [B2, ...]."""
        return self.model.params + (self.feedback if self.rule == "kp" else [])

    @property
    def grads(self):
        """The updates from the last backward, in the order of ``params``."""
        return self.model.grads + self._feedback_grads

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
        else:
            if self.rule == "sign":                  # the signs of the weights as they are now
                self.feedback = self._sign_feedback()
            top.backward(grad, need_grad_input=False)
            delta_top = top.delta.copy()
            for i in range(len(layers) - 2, -1, -1):
                layer = layers[i]
                if self.rule == "last":
                    layer.dW, layer.db = np.zeros_like(layer.W), np.zeros_like(layer.b)
                    layer.delta = None
                    continue
                signal = delta_top if self.rule == "dfa" else layers[i + 1].delta
                layer.backward(signal @ self.feedback[i], need_grad_input=False)
            self._delta_top = delta_top
        self._bp_deltas = None
        if self.rule == "kp":                        # Kolen–Pollack: B gets W's update
            self._feedback_grads = [above.dW + self.decay * B
                                    for above, B in zip(layers[1:], self.feedback)]
        if self.decay:
            for i, layer in enumerate(layers):
                if self.rule != "last" or i == len(layers) - 1:
                    layer.dW += self.decay * layer.W
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
        """Rules "fa", "kp", "sign": per hidden layer, the angle (degrees) between W^(l+1) and
        B^(l+1) (for "sign", the B of the current weights)."""
        if self.rule not in ("fa", "kp", "sign"):
            raise ValueError(f"weight_angles compares W^(l+1) with B^(l+1): only for rules 'fa', "
                             f"'kp' and 'sign', not {self.rule!r}")
        feedback = self._sign_feedback() if self.rule == "sign" else self.feedback
        return [angle(layer.W, B) for layer, B in zip(self.model.layers[1:], feedback,
                                                       strict=True)]


# ---- node perturbation: a global scalar reward, no backward pass ------------------------

def per_example_loss(kind, y_hat, target):
    """One loss per example (shape (N,)) whose mean is ``losses.mse`` or softmax cross-entropy.

    kind "mse": ½ ‖ŷ_n − y_n‖²; kind "softmax_cross_entropy" (ŷ = logits, target = labels):
    logsumexp(ŷ_n) − ŷ_(n, y_n). Chapter 9.
    """
    y_hat = np.asarray(y_hat, dtype=np.float64)
    if y_hat.ndim != 2:
        raise ValueError(f"y_hat must have shape (N, k), got {y_hat.shape}")
    if kind == "mse":
        target = np.asarray(target, dtype=np.float64)
        if target.shape != y_hat.shape:
            raise ValueError(f"mse needs targets of shape {y_hat.shape}, got {target.shape}")
        return 0.5 * np.sum((y_hat - target) ** 2, axis=1)
    if kind == "softmax_cross_entropy":
        labels = np.asarray(target)
        if labels.shape != (len(y_hat),):
            raise ValueError(f"softmax_cross_entropy needs {len(y_hat)} integer labels, got "
                             f"shape {labels.shape}")
        if labels.dtype.kind not in "iu":
            raise TypeError(f"softmax_cross_entropy needs integer labels, got dtype {labels.dtype}")
        if labels.size and (labels.min() < 0 or labels.max() >= y_hat.shape[1]):
            raise ValueError(f"labels must lie in 0 … {y_hat.shape[1] - 1}")
        return _logsumexp(y_hat, axis=1) - y_hat[np.arange(len(labels)), labels]
    raise ValueError(f"kind must be 'mse' or 'softmax_cross_entropy', got {kind!r}")


class NodePerturbation:
    """Node perturbation on an ``nn.MLP``: a gradient estimate from a scalar reward. Chapter 9.

    One clean forward pass gives each example's loss L_n; one noisy pass, with
    ξ^(l) ~ N(0, σ²I) added to every z^(l), gives L̃_n. Each unit correlates the
    global change ΔL_n = L̃_n − L_n with its own noise:

        δ̂^(l)_n = ΔL_n ξ^(l)_n / (σ² N),     dL/dW^(l) ≈ δ̂^(l)ᵀ a^(l−1),  dL/db^(l) ≈ Σ_n δ̂^(l)_n

    For small σ its mean is backprop's gradient of the mean loss; its variance grows with
    the number of perturbed units. ``estimate`` returns updates in the order of ``params``.
    """

    def __init__(self, model, sigma=1e-3, seed=0):
        if not isinstance(model, nn.MLP):
            raise TypeError(f"NodePerturbation wraps an nn.MLP, got {type(model).__name__}")
        self.model = model
        self.sigma = _checks.real(sigma, "sigma", 0, low_open=True)
        self.rng = seeds.rng(seed)

    def __repr__(self):
        return f"NodePerturbation({self.model!r}, sigma={self.sigma:g})"

    @property
    def params(self):
        return self.model.params

    def predict(self, X):
        """ŷ for X (the MLP's own prediction)."""
        return self.model.predict(X)

    def estimate(self, X, target, kind="mse"):
        """The perturbation estimate of dL/dW, dL/db for the batch (X, target); see the class."""
        model = self.model
        a = np.asarray(X, dtype=np.float64)
        if a.ndim != 2 or a.shape[1] != model.sizes[0]:
            raise ValueError(f"X must have shape (N, {model.sizes[0]}), got {a.shape}")
        clean, noisy = a, a
        inputs, noises = [], []
        for layer in model.layers:                       # the two passes, side by side
            inputs.append(clean)
            z = clean @ layer.W.T + layer.b
            xi = self.sigma * self.rng.standard_normal(z.shape)
            clean = layer.activation.f(z)
            noisy = layer.activation.f(noisy @ layer.W.T + layer.b + xi)
            noises.append(xi)
        if not (np.all(np.isfinite(clean)) and np.all(np.isfinite(noisy))):
            raise FloatingPointError("NodePerturbation: the network's output is not finite")
        reward = per_example_loss(kind, noisy, target) - per_example_loss(kind, clean, target)
        scale = reward[:, None] / (self.sigma ** 2 * len(reward))
        grads = []
        for a_prev, xi in zip(inputs, noises, strict=True):
            delta = scale * xi                           # δ̂ of this layer
            grads += [delta.T @ a_prev, delta.sum(axis=0)]
        return grads


# ---- a rule at work: what the chapter's rule explorer draws ---------------------------

def learning_curves(model, rule, train_set, validation, lr, steps, every=10, batch_size=32,
                    momentum=0.9, seed=0, decay=0.0, sigma=1e-3):
    """Train ``model`` on softmax cross-entropy with ``rule``; record it every ``every`` steps.

    rule: one of RULES (through ``FeedbackNet``) or "np" (``NodePerturbation``, noise σ).
    Minibatches of ``batch_size`` from ``train_set`` = (X, y), shuffled with ``seed``, and
    momentum steps (``optim.Momentum``) of size ``lr``, for ``steps`` steps or until the
    weights stop being finite. Every ``every`` steps it records the loss and accuracy on
    ``validation`` = (X, y) and the angle (degrees) of the rule's learning signal to
    backprop's: for fa and kp the top layer's W against its feedback B, for np the estimate
    against the batch's true gradient, 0 for bp. Returns a dict of arrays "loss",
    "accuracy", "angle" and "diverged". Chapter 9.
    """
    (X, y), (X_val, y_val) = train_set, validation
    if rule == "np":
        learner = NodePerturbation(model, sigma=sigma, seed=seed + 1)
    else:
        learner = FeedbackNet(model, rule, seed=seed + 1, decay=decay)
    opt = optim.Momentum(learner.params, lr=lr, momentum=momentum)
    rng = seeds.rng(seed)
    loss, accuracy, angles = [], [], []
    step, diverged = 0, False
    with np.errstate(all="ignore"):
        while step <= steps and not diverged:
            for batch in train.minibatches(len(y), batch_size, rng):
                Xb, yb = X[batch], y[batch]
                record = step % every == 0
                if record:
                    val_loss, val_acc = train.evaluate(model, X_val, y_val)
                    loss.append(val_loss)
                    accuracy.append(val_acc)
                if rule == "np":
                    try:
                        grads = learner.estimate(Xb, yb, kind="softmax_cross_entropy")
                    except FloatingPointError:
                        diverged = True
                        break
                    if record:
                        true = model.backward(losses.softmax_cross_entropy_grad(
                            model.forward(Xb), yb))
                        angles.append(angle(_flat(grads), _flat(true)))
                else:
                    grads = learner.backward(losses.softmax_cross_entropy_grad(
                        learner.forward(Xb), yb))
                    if record:
                        angles.append(learner.weight_angles()[-1] if rule != "bp" else 0.0)
                opt.step(grads)
                if not all(np.all(np.isfinite(p)) for p in model.params):
                    diverged = True
                    break
                step += 1
                if step > steps:
                    break
    return {"loss": np.array(loss), "accuracy": np.array(accuracy), "angle": np.array(angles),
            "diverged": diverged}


def _flat(arrays):
    return np.concatenate([a.ravel() for a in arrays])


# ---- Hebbian learning ------------------------------------------------------------------

def _unit_inputs(w, x, lr):
    w = np.asarray(w, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    if w.ndim != 1 or x.shape != w.shape:
        raise ValueError(f"w and x must be flat arrays of the same length, got shapes "
                         f"{w.shape} and {x.shape}")
    return w, x, _checks.real(lr, "lr", 0, low_open=True)


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
    epochs = _checks.integer(epochs, "epochs", minimum=0)
    rng = seeds.rng(seed)
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
