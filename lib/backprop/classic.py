"""Two learning rules that came before backpropagation (chapter 8).

* Rosenblatt's perceptron (1958; the rule in this form and its convergence theorem
  are from 1962): a threshold unit ŷ = step(w·x + b) with targets t ∈ {0, 1},
  changed only when it is wrong,

      w ← w + η (t − ŷ) x,        b ← b + η (t − ŷ).

* Widrow and Hoff's LMS rule (1960) for the ADALINE: train the *linear* output
  z = w·x + b towards a target d ∈ {−1, +1} with the error e = d − z,

      α-LMS:  w ← w + α e x / (‖x‖² + 1),   b ← b + α e / (‖x‖² + 1)
      μ-LMS:  w ← w + 2μ e x,               b ← b + 2μ e

  (the 1 in ‖x‖² + 1 is the bias input).  α-LMS shrinks the error on the pattern
  just presented by the fraction α: the new error is (1 − α) e.  μ-LMS is gradient
  descent on ½e² with step 2μ: the delta rule that backprop generalises.

* Rumelhart, Hinton and Williams' runs (1986): sigmoid networks trained by full-batch
  backprop on the *summed* error E = ½ Σₙ Σₖ (ŷₙₖ − yₙₖ)², with momentum,

      Δw(t) = −ε ∂E/∂w + α Δw(t − 1),

  stopped once every output is within ``tol`` of its target (``train_many``).  With
  ``skip=True`` each output unit also has direct weights D from the inputs, as in the
  PDP chapter's one-hidden-unit XOR network: ŷ = σ(W2 h + D x + b2), h = σ(W1 x + b1)
  (``skip_gradients`` gives E and its gradient for such a net).

* Their family trees (1986, *Nature*): 24 people and 12 relations in two isomorphic
  trees, 104 questions (person 1, relation) → every person 2 that fits
  (``family_trees``), learned by a 24→6, 12→6, 12, 6, 24 sigmoid net
  (``family_forward``, ``family_backward``, ``train_family``).

NumPy only (through the book's own ``nn`` and ``optim``).  Every function checks its
input and raises a ValueError or TypeError that names the problem.
"""

from dataclasses import dataclass, field

import numpy as np

from . import _checks, nn, optim, seeds

__all__ = ["step", "perceptron_predict", "perceptron_update", "train_perceptron",
           "adaline_output", "lms_update", "train_adaline", "Fit",
           "symmetry_patterns", "rhw_init", "skip_gradients", "train_many",
           "RELATIONS", "ENGLISH", "ITALIAN", "family_trees", "family_attributes",
           "family_init", "family_forward", "family_backward", "family_error",
           "train_family"]


@dataclass
class Fit:
    """The result of a training run: final weights, bias and one number per epoch.

    ``history`` holds the number of mistakes per epoch (perceptron) or the mean squared
    error ½·mean(e²) of the linear output after each epoch (ADALINE).  ``converged`` is
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
    """One LMS step; returns new (w, b, e) with e = d − (w·x + b) measured before the step.

    normalized=True (α-LMS):  w + α e x / (‖x‖² + 1),  b + α e / (‖x‖² + 1)
    normalized=False (μ-LMS): w + α e x,               b + α e     (α = 2μ)
    After an α-LMS step the error on the same pattern is exactly (1 − α) e.
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
    epoch the history records ½·mean(e²) over all patterns; training stops early when it
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


# ---- Rumelhart, Hinton and Williams (1986): the family trees --------------------------------

RELATIONS = ("father", "mother", "husband", "wife", "son", "daughter", "uncle", "aunt",
             "brother", "sister", "nephew", "niece")
# the two isomorphic trees, person k of one in the place of person k of the other
ENGLISH = ("Christopher", "Penelope", "Andrew", "Christine", "Margaret", "Arthur",
           "Victoria", "James", "Jennifer", "Charles", "Colin", "Charlotte")
ITALIAN = ("Roberto", "Maria", "Pierro", "Francesca", "Gina", "Emilio",
           "Lucia", "Marco", "Angela", "Tomaso", "Alfonso", "Sophia")
_MALE = (1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0)
_COUPLES = ((0, 1), (2, 3), (5, 4), (7, 6), (9, 8))          # (husband, wife), by position
_CHILDREN = {(0, 1): (5, 6), (2, 3): (7, 8), (7, 6): (10, 11)}   # (father, mother): children
# generation (1 oldest) and branch (0: Christopher's side, 1: Andrew's, -1: both, the
# grandchildren) of each position
_GENERATION = (1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3)
_BRANCH = (0, 0, 1, 1, 0, 0, 0, 1, 1, 1, -1, -1)
FAMILY_SIZES = {"people": 24, "relations": 12, "person_code": 6, "relation_code": 6,
                "central": 12, "decoding": 6}


def _relatives(k):
    """{relation: set of positions} for the person at position k of a tree."""
    spouse = {a: b for a, b in _COUPLES} | {b: a for a, b in _COUPLES}
    parents = {c: pair for pair, kids in _CHILDREN.items() for c in kids}
    kids = {p: set(ks) for pair, ks in _CHILDREN.items() for p in pair}

    def siblings(j):
        return set(kids[parents[j][0]]) - {j} if j in parents else set()

    def sexed(people, male, female):
        return {male: {j for j in people if _MALE[j]}, female: {j for j in people if not _MALE[j]}}

    rel = {r: set() for r in RELATIONS}
    if k in spouse:
        rel["husband" if _MALE[spouse[k]] else "wife"].add(spouse[k])
    if k in parents:
        rel["father"].add(parents[k][0])
        rel["mother"].add(parents[k][1])
    for people, male, female in (
            (kids.get(k, set()), "son", "daughter"),
            (siblings(k), "brother", "sister"),
            ({u for p in parents.get(k, ()) for s in siblings(p) for u in {s} | {spouse.get(s)}
              if u is not None}, "uncle", "aunt"),
            ({c for s in siblings(k) | {v for w in ([spouse[k]] if k in spouse else [])
                                          for v in siblings(w)}
              for c in kids.get(s, set())}, "nephew", "niece")):
        for r, group in sexed(people, male, female).items():
            rel[r] |= group
    return rel


def family_trees():
    """The 104 triples of the two family trees: (people, X (104, 36), Y (104, 24)).

    people lists the 12 English then the 12 Italian names.  Row n of X is one-hot for
    person 1 (columns 0-23) and for the relation (columns 24-35, in ``RELATIONS``' order);
    row n of Y has a 1 for *every* person 2 that fits (two uncles, for instance).  Only the
    (person 1, relation) pairs with at least one person 2 are triples: 52 per tree.
    """
    people = ENGLISH + ITALIAN
    X, Y = [], []
    for tree in range(2):
        for k in range(12):
            rel = _relatives(k)
            for r, name in enumerate(RELATIONS):
                if rel[name]:
                    x, y = np.zeros(36), np.zeros(24)
                    x[12 * tree + k], x[24 + r] = 1.0, 1.0
                    y[[12 * tree + j for j in rel[name]]] = 1.0
                    X.append(x)
                    Y.append(y)
    return people, np.array(X), np.array(Y)


def family_attributes():
    """Per person (in ``family_trees``' order): Italian (0/1), generation (1-3), branch.

    branch is 0 for Christopher's (Roberto's) side, 1 for Andrew's (Pierro's) side and −1
    for the two grandchildren, who belong to both.
    """
    return {"Italian": np.repeat([0, 1], 12), "generation": np.tile(_GENERATION, 2),
            "branch": np.tile(_BRANCH, 2)}


def family_init(seed, scale=0.3):
    """Weights of one family-trees net, every entry U[−scale, scale], and 4 held-out triples.

    Returns (params, held_out): params = [Wp, bp, Wr, br, Wc, bc, Wd, bd, Wo, bo] with Wp
    (6, 24) people → person code, Wr (6, 12) relations → relation code, Wc (12, 12) both
    codes → central layer, Wd (6, 12) central → decoding layer, Wo (24, 6) decoding →
    outputs; held_out: 4 of the 104 triple indices, drawn after the weights from the same
    stream, sorted.
    """
    rng = seeds.rng(_checks.seed(seed))
    scale = _checks.real(scale, "scale", 0, low_open=True)
    s = FAMILY_SIZES
    shapes = [(s["person_code"], s["people"]), (s["relation_code"], s["relations"]),
              (s["central"], s["person_code"] + s["relation_code"]),
              (s["decoding"], s["central"]), (s["people"], s["decoding"])]
    params = []
    for shape in shapes:
        params += [rng.uniform(-scale, scale, shape), rng.uniform(-scale, scale, shape[0])]
    return params, np.sort(rng.choice(104, size=4, replace=False))


def _family_input(params, X):
    if len(params) != 10:
        raise ValueError(f"params must be [Wp, bp, Wr, br, Wc, bc, Wd, bd, Wo, bo], got "
                         f"{len(params)} arrays")
    X = _matrix(X)
    if X.shape[1] != 36:
        raise ValueError(f"X must have 36 columns (24 people, 12 relations), got {X.shape}")
    return X


def family_forward(params, X):
    """Activities [person code, relation code, central, decoding, output], X (N, 36).

    Works for one net (params as from ``family_init``) and for S nets at once (every
    array with a leading axis of length S; the activities are then (S, N, units)).
    """
    X = _family_input(params, X)
    Wp, bp, Wr, br, Wc, bc, Wd, bd, Wo, bo = params

    def layer(inputs, W, b):                 # σ(inputs Wᵀ + b), for one net or S nets
        return _sigmoid(inputs @ np.swapaxes(W, -1, -2) + b[..., None, :])

    P = layer(X[:, :24], Wp, bp)
    R = layer(X[:, 24:], Wr, br)
    C = layer(np.concatenate(np.broadcast_arrays(P, R), axis=-1), Wc, bc)
    D = layer(C, Wd, bd)
    return [P, R, C, D, layer(D, Wo, bo)]


def family_backward(params, X, acts, dY):
    """Gradients [dWp, dbp, ..., dWo, dbo] of a loss with dL/d(output) = dY."""
    Wp, bp, Wr, br, Wc, bc, Wd, bd, Wo, bo = params
    P, R, C, D, Y_hat = acts
    T = lambda A: np.swapaxes(A, -1, -2)                     # noqa: E731
    d_o = dY * Y_hat * (1 - Y_hat)                           # dL/d(net input), layer by layer
    d_d = (d_o @ Wo) * D * (1 - D)
    d_c = (d_d @ Wd) * C * (1 - C)
    d_pr = d_c @ Wc
    d_p = d_pr[..., :P.shape[-1]] * P * (1 - P)
    d_r = d_pr[..., P.shape[-1]:] * R * (1 - R)
    PR = np.concatenate(np.broadcast_arrays(P, R), axis=-1)
    return [T(d_p) @ X[:, :24], d_p.sum(-2), T(d_r) @ X[:, 24:], d_r.sum(-2),
            T(d_c) @ PR, d_c.sum(-2), T(d_d) @ C, d_d.sum(-2), T(d_o) @ D, d_o.sum(-2)]


def _family_targets(Y_hat, Y, margin):
    Y_hat, Y = np.asarray(Y_hat, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    if Y_hat.shape[-2:] != Y.shape:
        raise ValueError(f"Y_hat {Y_hat.shape} does not fit the targets Y {Y.shape}")
    return Y_hat, Y, _checks.real(margin, "margin", 0, 1)


def family_error(Y_hat, Y, margin=0.2):
    """The output errors ŷ − y, set to 0 where a unit is within ``margin`` of target.

    The *Nature* paper's rule: no error for a unit that should be on above 0.8, or
    for one that should be off below 0.2 (margin 0.2).  E = ½ Σ error².
    """
    Y_hat, Y, margin = _family_targets(Y_hat, Y, margin)
    error = Y_hat - Y
    error[np.abs(error) < margin] = 0.0
    return error


def train_family(seed_list, sweeps=1500, decay=0.002, margin=0.2,
                 schedule=((20, 0.005, 0.5), (None, 0.01, 0.9)), scale=0.3):
    """Train one family-trees net per seed on its 100 training triples, side by side.

    Full batch on E = ½ Σ over the training triples of ``family_error``²; each sweep
    Δw = −ε ∂E/∂w + α Δw(previous), then every weight and bias shrinks by the fraction
    ``decay`` (0.2 %).  schedule: (number of sweeps, ε, α) phases, the last one (None)
    until the end; the defaults are the *Nature* caption's.  Initial weights U[−scale,
    scale] (``family_init``).  Returns (nets, held_out): each seed's params and its 4
    held-out triple indices.
    """
    seed_list = list(seed_list)
    if not seed_list:
        raise ValueError("seed_list must not be empty")
    sweeps = _checks.integer(sweeps, "sweeps", minimum=0)
    decay = _checks.real(decay, "decay", 0, 1, high_open=True)
    margin = _checks.real(margin, "margin", 0, 1)
    _, X, Y = family_trees()
    starts = [family_init(s, scale) for s in seed_list]
    params = [np.stack([p[i] for p, _ in starts]) for i in range(10)]
    held_out = [h for _, h in starts]
    train = np.ones((len(seed_list), len(X), 1))
    for k, h in enumerate(held_out):
        train[k, h] = 0.0
    velocity = [np.zeros_like(p) for p in params]
    phase_end = 0
    phases = []
    for n, eps, alpha in schedule:
        phase_end = sweeps if n is None else phase_end + _checks.integer(n, "phase length", 1)
        phases.append((phase_end, _checks.real(eps, "eps", 0, low_open=True),
                       _checks.real(alpha, "alpha", 0, 1, high_open=True)))
    for sweep in range(sweeps):
        eps, alpha = next((e, a) for end, e, a in phases if sweep < end)
        acts = family_forward(params, X)
        grads = family_backward(params, X, acts, family_error(acts[-1], Y, margin) * train)
        for p, v, g in zip(params, velocity, grads):
            v *= alpha
            v -= eps * g
            p += v
            p *= 1.0 - decay
    nets = [[p[k].copy() for p in params] for k in range(len(seed_list))]
    return nets, held_out
