"""Layers and networks in matrix form, one row per example (chapter 6).

A batch X has shape (N, n_in). A Dense layer holds W of shape (n_out, n_in), as in
the math, and b of shape (n_out,), and computes

    forward:   z = a_prev Wᵀ + b,      a = σ(z)
    backward:  δ = dL/da ⊙ σ'(z),      dL/db = Σ_rows δ,   dL/dW = δᵀ a_prev,   dL/da_prev = δ W

Chaining the last line into the next layer down gives the backpropagation
equations δ^(L) = dL/da^(L) ⊙ σ'(z^(L)) and δ^(l) = δ^(l+1) W^(l+1) ⊙ σ'(z^(l)).
Every forward and backward makes new arrays, so values you were handed keep theirs.
"""

import numpy as np

from . import _checks, activations, seeds


def init_std(activation, n_in, n_out):
    """Initial weight std: He √(2/n_in) for ReLU, else Glorot √(2/(n_in + n_out)). Chapter 6."""
    if activations.get(activation).name == "relu":
        return np.sqrt(2.0 / n_in)
    return np.sqrt(2.0 / (n_in + n_out))


class Dense:
    """Fully connected layer: z = a_prev Wᵀ + b, a = σ(z), W of shape (n_out, n_in). Chapter 6."""

    def __init__(self, n_in, n_out, activation="relu", rng=None, dtype=np.float64):
        self.n_in = _checks.integer(n_in, "n_in", minimum=1)
        self.n_out = _checks.integer(n_out, "n_out", minimum=1)
        self.activation = activations.get(activation)
        dtype = _checks.float_dtype(dtype)
        rng = seeds.rng(rng)
        std = init_std(self.activation, self.n_in, self.n_out)
        self.W = (std * rng.standard_normal((self.n_out, self.n_in))).astype(dtype)
        self.b = np.zeros(self.n_out, dtype)
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)
        self.a_prev = self.z = self.a = self.delta = None

    def __repr__(self):
        return f"Dense({self.n_in}, {self.n_out}, activation={self.activation.name!r})"

    def forward(self, a_prev):
        """z = a_prev Wᵀ + b, a = σ(z); keeps a_prev, z, a for backward. Chapter 6.

        a_prev is kept by reference, not copied (an MLP hands each layer arrays of its own).
        Calling a Dense layer directly, do not change a_prev in place before backward: dW
        would be computed from the changed values.
        """
        a_prev = np.asarray(a_prev, dtype=self.W.dtype)
        if a_prev.ndim != 2 or a_prev.shape[1] != self.n_in:
            raise ValueError(
                f"Dense layer expects input of shape (N, {self.n_in}), got shape {a_prev.shape}"
            )
        self.a_prev = a_prev
        self.z = a_prev @ self.W.T + self.b
        self.a = self.activation.f(self.z)
        return self.a

    def backward(self, grad_a, need_grad_input=True):
        """δ = dL/da ⊙ σ'(z), dW = δᵀ a_prev, db = Σ_n δ_n; returns δ W. Chapter 6."""
        grad_a = self._checked_grad(grad_a)
        if self.activation.df is None:  # softmax: a vector-Jacobian product
            self.delta = activations.softmax_vjp(self.a, grad_a)
        else:
            self.delta = grad_a * self.activation.df(self.z)  # BP1, BP2: dL/da ⊙ σ'(z)
        self.db = self.delta.sum(axis=0)  # BP3: Σ_n δ_n
        self.dW = self.delta.T @ self.a_prev  # BP4: Σ_n δ_n a_nᵀ
        if need_grad_input:
            return self.delta @ self.W  # dL/da_prev, for BP2 in the layer below
        return None

    def _checked_grad(self, grad_a):
        if self.z is None:
            raise RuntimeError("Dense.backward needs a forward pass's values: call forward first")
        grad_a = np.asarray(grad_a, dtype=self.W.dtype)
        if grad_a.shape != self.z.shape:
            raise ValueError(
                f"Dense.backward: dL/da has shape {grad_a.shape} but the layer's output has shape "
                f"{self.z.shape}"
            )
        return grad_a


class MLP:
    """Multilayer perceptron: a stack of Dense layers, sizes = [n_in, hidden..., n_out]. Chapter 6.

    `activation` is σ for the hidden layers, `output` for the last layer (for
    classification keep "identity" and use losses.softmax_cross_entropy on the logits).
    After forward(X): .zs[l-1] = z^(l) and .activations[l] = a^(l), with
    .activations[0] = X. After backward: .deltas[l-1] = δ^(l) and .grads, in the
    order of .params = [W1, b1, W2, b2, ...].
    """

    def __init__(self, sizes, activation="relu", output="identity", seed=0, dtype=np.float64):
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"MLP sizes needs at least [n_in, n_out], got {sizes}")
        sizes = [_checks.integer(n, "every MLP size", minimum=1) for n in sizes]
        self.sizes = sizes
        self.dtype = _checks.float_dtype(dtype)
        rng = seeds.rng(seed)
        kinds = [activation] * (len(sizes) - 2) + [output]
        self.layers = [
            Dense(n_in, n_out, kind, rng=rng, dtype=self.dtype)
            for n_in, n_out, kind in zip(sizes[:-1], sizes[1:], kinds)
        ]

    def __repr__(self):
        shape = "-".join(map(str, self.sizes))
        hidden = self.layers[0].activation.name if len(self.layers) > 1 else "none"
        return (
            f"MLP({shape}, activation={hidden!r}, output={self.layers[-1].activation.name!r}, "
            f"dtype={self.dtype.name})"
        )

    @property
    def params(self):
        """[W1, b1, W2, b2, ...]: the live arrays (optimizers update them in place)."""
        return [p for layer in self.layers for p in (layer.W, layer.b)]

    @property
    def param_names(self):
        """["W1", "b1", "W2", "b2", ...], matching .params."""
        return [f"{kind}{i}" for i in range(1, len(self.layers) + 1) for kind in ("W", "b")]

    @property
    def grads(self):
        """[dL/dW1, dL/db1, ...] from the last backward, each shaped like its parameter."""
        return [g for layer in self.layers for g in (layer.dW, layer.db)]

    @property
    def n_params(self):
        """Number of weights and biases."""
        return sum(p.size for p in self.params)

    @property
    def zs(self):
        """[z^(1), ..., z^(L)] from the last forward."""
        return [layer.z for layer in self.layers]

    @property
    def activations(self):
        """[a^(0) = X, a^(1), ..., a^(L) = ŷ] from the last forward."""
        return [self.layers[0].a_prev] + [layer.a for layer in self.layers]

    @property
    def deltas(self):
        """[δ^(1), ..., δ^(L)] from the last backward, δ^(l) = dL/dz^(l)."""
        return [layer.delta for layer in self.layers]

    def _input(self, X, copy=False):
        X = np.array(X, dtype=self.dtype, copy=True if copy else None)
        n_in = self.sizes[0]
        if X.ndim != 2 or X.shape[1] != n_in:
            got = X.shape[1] if X.ndim == 2 else f"an array of shape {X.shape}"
            hint = " (for one example use x.reshape(1, -1))" if X.ndim == 1 else ""
            raise ValueError(
                f"MLP expects X of shape (N, {n_in}): expected {n_in} features per row, "
                f"got {got}{hint}"
            )
        return X

    def forward(self, X):
        """ŷ = a^(L), a^(0) = X, a^(l) = σ(a^(l-1) W^(l)ᵀ + b^(l)); keeps every z, a. Chapter 6.

        X is kept as a copy, so changing the caller's array between forward and backward
        does not change the gradients.
        """
        a = self._input(X, copy=True)
        for layer in self.layers:
            a = layer.forward(a)
        return a

    __call__ = forward

    def backward(self, grad_output):
        """δ^(L) = dL/dŷ ⊙ σ'(z^(L)), δ^(l) = δ^(l+1) W^(l+1) ⊙ σ'(z^(l)). Chapter 6.

        Returns new arrays [dL/dW1, dL/db1, ...]: the next backward leaves them alone.
        """
        grad = np.asarray(grad_output)
        last = self.layers[-1]
        if last.z is None:
            raise RuntimeError("MLP.backward needs forward's values: call forward first")
        if grad.shape != last.z.shape:
            raise ValueError(
                f"MLP.backward: grad_output has shape {grad.shape} but the last "
                f"forward's output has shape {last.z.shape}"
            )
        for i in range(len(self.layers) - 1, -1, -1):
            grad = self.layers[i].backward(grad, need_grad_input=i > 0)
        return self.grads

    def predict(self, X):
        """ŷ for X, like forward but leaving the state kept for backward untouched. Chapter 6."""
        a = self._input(X)
        for layer in self.layers:
            a = layer.activation.f(a @ layer.W.T + layer.b)
        return a


class Embedding:
    """Lookup table: token t becomes row E[t] of E, shape (n_tokens, dim). Chapter 10.

    A row lookup is a one-hot vector times E, so its gradient is onehotᵀ · dL/dx: each
    token's row of dE collects the gradients of every position where it appears (a sum:
    chapter 5's rule for a value used more than once), and rows of unused tokens stay zero.

        forward:   x[n, j] = E[t[n, j]]                       (E[tokens])
        backward:  dE[v] = Σ over (n, j) with t[n, j] = v of dL/dx[n, j]   (np.add.at)
    """

    def __init__(self, n_tokens, dim, rng=None, dtype=np.float64, std=1.0):
        self.n_tokens = _checks.integer(n_tokens, "n_tokens", minimum=1)
        self.dim = _checks.integer(dim, "dim", minimum=1)
        dtype = _checks.float_dtype(dtype)
        std = _checks.real(std, "std", 0, low_open=True)
        rng = seeds.rng(rng)
        self.E = (std * rng.standard_normal((self.n_tokens, self.dim))).astype(dtype)
        self.dE = np.zeros_like(self.E)
        self.tokens = None

    def __repr__(self):
        return f"Embedding({self.n_tokens}, {self.dim}, dtype={self.E.dtype.name})"

    @property
    def params(self):
        """[E]: the live table (optimizers update it in place)."""
        return [self.E]

    @property
    def grads(self):
        """[dL/dE] from the last backward, a new array each time."""
        return [self.dE]

    def _checked_tokens(self, tokens):
        tokens = np.asarray(tokens)
        if tokens.dtype.kind not in "iu":
            hint = " (booleans are not token ids)" if tokens.dtype.kind == "b" else (
                " (convert whole numbers with .astype(int))" if tokens.dtype.kind == "f" else "")
            raise TypeError(f"Embedding expects integer token ids, got dtype {tokens.dtype}{hint}")
        if tokens.size and (tokens.min() < 0 or tokens.max() >= self.n_tokens):
            bad = tokens.min() if tokens.min() < 0 else tokens.max()
            raise ValueError(f"Embedding has {self.n_tokens} tokens, ids 0..{self.n_tokens - 1},"
                             f" got token id {bad}")
        return tokens

    def forward(self, tokens):
        """x = E[tokens], shape tokens.shape + (dim,); keeps the tokens for backward. Chapter 10."""
        self.tokens = self._checked_tokens(tokens)
        return self.E[self.tokens]  # fancy indexing: a new array

    __call__ = forward

    def backward(self, grad_x):
        """dE = scatter-add of dL/dx into the rows of the tokens used; returns None. Chapter 10.

        Integer token ids have no gradient, so nothing flows further down.
        """
        if self.tokens is None:
            raise RuntimeError("Embedding.backward needs forward's tokens: call forward first")
        grad_x = np.asarray(grad_x, dtype=self.E.dtype)
        want = self.tokens.shape + (self.dim,)
        if grad_x.shape != want:
            raise ValueError(f"Embedding.backward: dL/dx has shape {grad_x.shape} but the "
                             f"forward output had shape {want}")
        dE = np.zeros_like(self.E)
        np.add.at(dE, self.tokens, grad_x)  # unbuffered: a repeated token adds twice
        self.dE = dE
        return None
