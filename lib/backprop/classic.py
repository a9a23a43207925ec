"""Two learning rules that came before backpropagation (chapter 8).

* Rosenblatt's perceptron (1958; the rule in this form and its convergence theorem
  are from 1962): a threshold unit ŷ = step(w·x + b) with targets t ∈ {0, 1},
  changed only when it is wrong,

      w ← w + η (t − ŷ) x,        b ← b + η (t − ŷ).

* Widrow and Hoff's LMS rule (1960) for the ADALINE: train the *linear* output
  z = w·x + b towards a target d ∈ {−1, +1} with the error ε = d − z,

      α-LMS:  w ← w + α ε x / (‖x‖² + 1),   b ← b + α ε / (‖x‖² + 1)
      μ-LMS:  w ← w + 2μ ε x,               b ← b + 2μ ε

  (the 1 in ‖x‖² + 1 is the bias input).  α-LMS shrinks the error on the pattern
  just presented by the fraction α: the new error is (1 − α) ε.  μ-LMS is gradient
  descent on ½ε² with step 2μ: the delta rule that backprop generalises.

* Rumelhart, Hinton and Williams' runs (1986): sigmoid networks trained by full-batch
  backprop on the *summed* error E = ½ Σₙ Σₖ (ŷₙₖ − yₙₖ)², with momentum,

      Δw(t) = −ε ∂E/∂w + α Δw(t − 1),

  stopped once every output is within ``tol`` of its target (``train_many``).  With
  ``skip=True`` each output unit also has direct weights D from the inputs, as in the
  PDP chapter's one-hidden-unit XOR network: ŷ = σ(W2 h + D x + b2), h = σ(W1 x + b1)
  (``skip_gradients`` gives E and its gradient for such a net).

NumPy only (through the book's own ``nn`` and ``optim``).  Every function checks its
input and raises a ValueError or TypeError that names the problem.
"""

from dataclasses import dataclass, field

import numpy as np

from . import _checks, nn, optim, seeds

__all__ = ["step", "perceptron_predict", "perceptron_update", "train_perceptron",
           "adaline_output", "lms_update", "train_adaline", "Fit",
           "symmetry_patterns", "rhw_init", "skip_gradients", "train_many"]


@dataclass
class Fit:
    """The result of a training run: final weights, bias and one number per epoch.

    ``history`` holds the number of mistakes per epoch (perceptron) or the mean squared
    error ½·mean(ε²) of the linear output after each epoch (ADALINE).  ``converged`` is
    True when an epoch ended with no mistakes (perceptron) or below ``tol`` (ADALINE).
    """

    w: np.ndarray
    b: float
    history: list = field(default_factory=list)
    converged: bool = False

    @property
    def epochs(self):
        """Number of epochs run."""
        return len(self.history)


# ---- argument checks -------------------------------------------------------------------

def _matrix(X, name="X"):
    X = np.asarray(X)
    if X.dtype == bool or not np.issubdtype(X.dtype, np.number):
        raise TypeError(f"{name} must hold numbers, got dtype {X.dtype}")
    if X.ndim != 2:
        raise ValueError(f"{name} must be 2-D (examples, features), got shape {X.shape}")
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"{name} must not be empty, got shape {X.shape}")
    X = X.astype(np.float64)
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} contains NaN or inf")
    return X


def _vector(v, n, name):
    v = np.asarray(v)
    if v.dtype == bool or not np.issubdtype(v.dtype, np.number):
        raise TypeError(f"{name} must hold numbers, got dtype {v.dtype}")
    if v.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), got shape {v.shape}")
    v = v.astype(np.float64)
    if not np.all(np.isfinite(v)):
        raise ValueError(f"{name} contains NaN or inf")
    return v


def _labels(t, n, allowed, name):
    t = _vector(t, n, name)
    bad = ~np.isin(t, allowed)
    if bad.any():
        raise ValueError(f"{name} must hold only {allowed}, got {t[bad][0]:g}")
    return t


def _start(w, b, n_in):
    w = np.zeros(n_in) if w is None else _vector(w, n_in, "w")
    return w, _checks.real(b, "b")


def _order(n, seed):
    """Presentation orders: fixed (seed None) or a fresh shuffle each epoch."""
    seed = _checks.seed(seed)
    rng = None if seed is None else seeds.rng(seed)

    def orders():
        while True:
            yield np.arange(n) if rng is None else rng.permutation(n)
    return orders()


# ---- the perceptron (Rosenblatt 1958, 1962) ----------------------------------------------

def step(z):
    """Threshold unit: 1 where z > 0, else 0 (so step(0) = 0)."""
    z = np.asarray(z, dtype=np.float64)
    return (z > 0).astype(np.float64)


def perceptron_predict(X, w, b):
    """Perceptron outputs ŷ = step(X w + b), shape (N,)."""
    X = _matrix(X)
    return step(X @ _vector(w, X.shape[1], "w") + _checks.real(b, "b"))


def perceptron_update(w, b, x, t, lr=1.0):
    """One step of the perceptron rule: w + η(t − ŷ)x, b + η(t − ŷ); returns new (w, b).

    The weights change only when the unit is wrong (t − ŷ = ±1).  Inputs are not modified.
    """
    x = np.asarray(x)
    if x.ndim != 1:
        raise ValueError(f"x must be one example of shape (n_in,), got shape {x.shape}")
    x = _vector(x, x.shape[0], "x")
    w = _vector(w, x.shape[0], "w")
    t = _labels([t], 1, [0.0, 1.0], "t")[0]
    lr = _checks.real(lr, "lr", 0, low_open=True)
    error = t - float(w @ x + _checks.real(b, "b") > 0)
    return w + lr * error * x, b + lr * error


def train_perceptron(X, t, epochs=100, lr=1.0, seed=None, w=None, b=0.0):
    """Run the perceptron rule over the patterns until an epoch has no mistakes.

    X (N, n_in), targets t (N,) in {0, 1}.  ``seed`` None presents the patterns in order,
    an integer shuffles them each epoch.  Returns a :class:`Fit` whose history counts the
    mistakes made during each epoch.  If the classes are linearly separable it converges
    in a finite number of updates (the perceptron convergence theorem); if not (XOR), it
    never does.
    """
    X = _matrix(X)
    t = _labels(t, X.shape[0], [0.0, 1.0], "t")
    epochs = _checks.integer(epochs, "epochs", minimum=1)
    lr = _checks.real(lr, "lr", 0, low_open=True)
    w, b = _start(w, b, X.shape[1])
    fit = Fit(w, b)
    orders = _order(len(X), seed)
    for _ in range(epochs):
        mistakes = 0
        for i in next(orders):
            error = t[i] - float(X[i] @ w + b > 0)
            if error:
                w = w + lr * error * X[i]
                b = b + lr * error
                mistakes += 1
        fit.history.append(mistakes)
        if mistakes == 0:
            fit.converged = True
            break
    fit.w, fit.b = w, b
    return fit


# ---- ADALINE and the LMS rule (Widrow and Hoff 1960) ------------------------------------

def adaline_output(X, w, b):
    """The ADALINE's linear output z = X w + b, shape (N,); its decision is sign(z)."""
    X = _matrix(X)
    return X @ _vector(w, X.shape[1], "w") + _checks.real(b, "b")


def lms_update(w, b, x, d, alpha, normalized=True):
    """One LMS step; returns new (w, b, ε) with ε = d − (w·x + b) measured before the step.

    normalized=True (α-LMS):  w + α ε x / (‖x‖² + 1),  b + α ε / (‖x‖² + 1)
    normalized=False (μ-LMS): w + α ε x,               b + α ε     (α = 2μ)
    After an α-LMS step the error on the same pattern is exactly (1 − α) ε.
    """
    x = np.asarray(x)
    if x.ndim != 1:
        raise ValueError(f"x must be one example of shape (n_in,), got shape {x.shape}")
    x = _vector(x, x.shape[0], "x")
    w, b = _vector(w, x.shape[0], "w"), _checks.real(b, "b")
    d, alpha = _checks.real(d, "d"), _checks.real(alpha, "alpha", 0, low_open=True)
    error = d - (w @ x + b)
    gain = alpha / (x @ x + 1.0) if normalized else alpha
    return w + gain * error * x, b + gain * error, float(error)


def train_adaline(X, d, alpha=0.1, epochs=100, normalized=True, seed=None, w=None, b=0.0,
                  tol=0.0):
    """Run the LMS rule over the patterns, one adaptation per pattern, for ``epochs`` cycles.

    X (N, n_in), desired outputs d (N,) (any reals; ±1 for classification).  After each
    epoch the history records ½·mean(ε²) over all patterns; training stops early when it
    falls to ``tol`` or below (converged), or when it exceeds 1e12 (diverged: the weights
    blew up, which happens for α-LMS when α > 2).  Returns a :class:`Fit`.
    """
    X = _matrix(X)
    d = _vector(d, X.shape[0], "d")
    alpha = _checks.real(alpha, "alpha", 0, low_open=True)
    epochs, tol = _checks.integer(epochs, "epochs", minimum=1), _checks.real(tol, "tol")
    w, b = _start(w, b, X.shape[1])
    gains = alpha / (np.einsum("ij,ij->i", X, X) + 1.0) if normalized else np.full(len(X), alpha)
    fit = Fit(w, b)
    orders = _order(len(X), seed)
    for _ in range(epochs):
        for i in next(orders):
            change = gains[i] * (d[i] - (X[i] @ w + b))
            w = w + change * X[i]
            b = b + change
        loss = 0.5 * float(np.mean((d - X @ w - b) ** 2))
        fit.history.append(loss)
        if loss <= tol:
            fit.converged = True
            break
        if not loss < 1e12:
            break
    fit.w, fit.b = w, b
    return fit


# ---- Rumelhart, Hinton and Williams (1986): backprop with momentum, full batch ------------

def symmetry_patterns():
    """All 64 six-bit inputs (64, 6) and targets (64, 1): 1 where the row is a mirror image."""
    X = ((np.arange(64)[:, None] >> np.arange(5, -1, -1)) & 1).astype(float)
    return X, np.all(X == X[:, ::-1], axis=1).astype(float)[:, None]


def rhw_init(sizes, seed, scale=0.3, skip=False):
    """[W1, b1, W2, b2] for a sizes = (n_in, n_hidden, n_out) net, every entry U[−scale, scale].

    skip=True appends D (n_out, n_in), the direct input-to-output weights, drawn after the
    others from the same stream (so W1, b1, W2, b2 are those of the net without D).
    """
    if len(sizes) != 3:
        raise ValueError(f"sizes must be (n_in, n_hidden, n_out), got {sizes!r}")
    sizes = [_checks.integer(n, "each size", minimum=1) for n in sizes]
    skip = _checks.flag(skip, "skip")
    rng = seeds.rng(seed)
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        params.append(rng.uniform(-scale, scale, (n_out, n_in)))   # W
        params.append(rng.uniform(-scale, scale, n_out))           # b
    if skip:
        params.append(rng.uniform(-scale, scale, (sizes[2], sizes[0])))   # D
    return params


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _skip_forward(params, X):
    W1, b1, W2, b2, D = params
    H = _sigmoid(X @ W1.T + b1)
    return H, _sigmoid(H @ W2.T + X @ D.T + b2)


def _skip_backward(params, X, H, Y_hat, dY):
    """Gradients of a loss with dL/dŷ = dY for the net [W1, b1, W2, b2, D]."""
    W2 = params[2]
    d_out = dY * Y_hat * (1.0 - Y_hat)                 # dL/d(net input of the outputs)
    d_hid = (d_out @ W2) * H * (1.0 - H)
    return [d_hid.T @ X, d_hid.sum(axis=0), d_out.T @ H, d_out.sum(axis=0), d_out.T @ X]


def skip_gradients(params, X, Y):
    """E = ½ Σ (ŷ − y)² and its gradient for a sigmoid net with direct connections.

    params = [W1, b1, W2, b2, D] (D: (n_out, n_in), input to output), X (N, n_in),
    Y (N, n_out); ŷ = σ(σ(X W1ᵀ + b1) W2ᵀ + X Dᵀ + b2).  Returns (E, [dW1, db1, dW2, db2, dD]).
    """
    X, Y = _matrix(X), _matrix(Y, "Y")
    params = _skip_params(params, X.shape[1], Y.shape[1])
    if len(X) != len(Y):
        raise ValueError(f"X and Y must have the same number of rows, got {X.shape} and "
                         f"{Y.shape}")
    H, Y_hat = _skip_forward(params, X)
    return 0.5 * float(np.sum((Y_hat - Y) ** 2)), _skip_backward(params, X, H, Y_hat, Y_hat - Y)


def _skip_params(params, n_in, n_out):
    if len(params) != 5:
        raise ValueError(f"params must be [W1, b1, W2, b2, D], got {len(params)} arrays")
    h = np.shape(params[0])[0] if np.ndim(params[0]) == 2 else 0
    shapes = [(h, n_in), (h,), (n_out, h), (n_out,), (n_out, n_in)]
    if h == 0 or [np.shape(p) for p in params] != shapes:
        raise ValueError(f"params must have shapes {shapes} for X and Y, got "
                         f"{[np.shape(p) for p in params]}")
    return [_vector(np.ravel(p), np.size(p), name).reshape(shape)
            for p, name, shape in zip(params, ("W1", "b1", "W2", "b2", "D"), shapes)]


def train_many(sizes, X, Y, seeds, eps, alpha, max_sweeps, tol, skip=False):
    """Train one sigmoid net per seed, full batch, ε on the summed error, momentum α.

    Δw(t) = −ε ∂E/∂w + α Δw(t − 1) with E = ½ Σ (ŷ − y)²; a net stops (is frozen) at the
    first sweep where every output is within ``tol`` of its target.  The nets sit side by
    side in one wide ``nn.MLP`` whose output weights are block-diagonal (chapter 8), so one
    pass trains all of them.  skip=True adds direct input-to-output weights D to every net
    (the wide net is then computed by ``skip_gradients``' formulas).  Returns (sweeps, nets):
    the sweeps each net needed (−1: not within ``max_sweeps``) and each net's
    [W1, b1, W2, b2] (with skip: [W1, b1, W2, b2, D]).
    """
    X, Y = _matrix(X), _matrix(Y, "Y")
    if len(X) != len(Y):
        raise ValueError(f"X and Y must have the same number of rows, got {X.shape} and "
                         f"{Y.shape}")
    if len(sizes) != 3 or sizes[0] != X.shape[1] or sizes[2] != Y.shape[1]:
        raise ValueError(f"sizes {tuple(sizes)} do not fit X {X.shape} and Y {Y.shape}")
    skip = _checks.flag(skip, "skip")
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must not be empty")
    eps, alpha = _checks.real(eps, "eps", 0, low_open=True), _checks.real(alpha, "alpha")
    max_sweeps = _checks.integer(max_sweeps, "max_sweeps", minimum=1)
    tol = _checks.real(tol, "tol")
    (n_in, h, n_out), S = sizes, len(seeds)
    wide = nn.MLP([n_in, h * S, n_out * S], activation="sigmoid", output="sigmoid")
    W1, b1, W2, b2 = wide.params
    W2[...] = 0.0
    D = np.zeros((n_out * S, n_in))
    block = np.zeros_like(W2)                          # 1 where output k meets net k's units
    hid = [slice(k * h, (k + 1) * h) for k in range(S)]
    out = [slice(k * n_out, (k + 1) * n_out) for k in range(S)]
    for k, seed in enumerate(seeds):
        W1[hid[k]], b1[hid[k]], W2[out[k], hid[k]], b2[out[k]], *rest = rhw_init(
            sizes, seed, skip=skip)
        if skip:
            D[out[k]] = rest[0]
        block[out[k], hid[k]] = 1.0
    params = wide.params + ([D] if skip else [])
    opt = optim.Momentum(params, lr=eps, momentum=alpha)
    targets = np.tile(Y, (1, S))
    sweeps = np.full(S, -1)
    masks = (np.ones_like(W1), np.ones_like(b1), block, np.ones_like(b2), np.ones_like(D))
    for sweep in range(max_sweeps + 1):
        if skip:
            H, Y_hat = _skip_forward(params, X)
        else:
            Y_hat = wide.forward(X)
        worst = np.abs(Y_hat - targets).reshape(len(X), S, n_out).max(axis=(0, 2))
        newly_done = (sweeps < 0) & (worst < tol)
        if newly_done.any():                           # freeze them: zero gradients, momentum
            sweeps[newly_done] = sweep
            live_h = np.repeat(sweeps < 0, h).astype(float)
            live_o = np.repeat(sweeps < 0, n_out).astype(float)
            masks = (live_h[:, None], live_h, block * live_o[:, None], live_o,
                     live_o[:, None])
            for v, m in zip(opt.velocity, masks):
                v *= m
        if sweep == max_sweeps or (sweeps >= 0).all():
            break
        if skip:                                       # dE/dŷ of E = ½ Σ (ŷ − y)²
            grads = _skip_backward(params, X, H, Y_hat, Y_hat - targets)
        else:
            grads = wide.backward(Y_hat - targets)
        for g, m in zip(grads, masks):
            g *= m
        opt.step(grads)
    nets = [[W1[hid[k]].copy(), b1[hid[k]].copy(), W2[out[k], hid[k]].copy(),
             b2[out[k]].copy()] + ([D[out[k]].copy()] if skip else []) for k in range(S)]
    return sweeps, nets
