"""Character-level language models (chapter 10): next-token prediction as classification.

Text becomes tokens, one per letter, with token 0 (".") marking where a name starts and
ends. A context of the last k tokens goes in; a probability for each of the V possible
next tokens comes out, and the loss is chapter 2's softmax cross-entropy averaged over
positions. Here: the tokens, the contexts, the counting baselines (uniform, unigram,
smoothed bigram), the neural model of Bengio et al. (2003) built from the library's
layers, its training loop, sampling with a temperature, and what a training step costs.
NumPy only.
"""

import numpy as np

from . import _checks, activations, losses, nn, seeds, train

__all__ = ["ALPHABET", "encode", "decode", "contexts", "perplexity", "unigram", "bigram",
           "table_loss", "NeuralLM", "fit", "sample", "cost_per_token"]

ALPHABET = ".abcdefghijklmnopqrstuvwxyz"  # token 0 is the boundary "." before and after a name
V = len(ALPHABET)  # 27 tokens
_INDEX = {c: i for i, c in enumerate(ALPHABET)}


def encode(word):
    """The token ids of a word: 'ab' -> [1, 2]. Letters a-z only (chapter 10)."""
    if not isinstance(word, str):
        raise TypeError(f"encode expects a string, got {type(word).__name__}")
    unknown = sorted({c for c in word if c not in _INDEX or c == "."})
    if unknown:
        raise ValueError(f"encode knows the letters a-z only, got {''.join(unknown)!r} "
                         f"in {word!r:.40}")
    return [_INDEX[c] for c in word]


def decode(tokens):
    """The string of some token ids: [1, 2, 0] -> 'ab.' (chapter 10)."""
    return "".join(ALPHABET[int(t)] for t in tokens)


def contexts(words, k):
    """Every (context, next token) pair of the words, for a model that sees k tokens (chapter 10).

    Each word is padded with k boundary tokens in front and one behind: 'ann' with k = 2
    gives ..→a, .a→n, an→n, nn→. (four positions: three letters and the end). Returns
    X (N, k) int64 and y (N,) int64.
    """
    k = _checks.integer(k, "the context length k", minimum=1)
    rows, targets = [], []
    for word in words:
        tokens = [0] * k + encode(word) + [0]
        for i in range(k, len(tokens)):
            rows.append(tokens[i - k:i])
            targets.append(tokens[i])
    return (np.array(rows, dtype=np.int64).reshape(-1, k), np.array(targets, dtype=np.int64))


def perplexity(loss):
    """exp(L): the number of equally likely choices that would give the loss L (chapter 10)."""
    return float(np.exp(loss))


def _tokens(y, V, name):
    y = np.asarray(y)
    if y.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer token ids, got dtype {y.dtype}")
    if y.size and (y.min() < 0 or y.max() >= V):
        raise ValueError(f"{name} must lie in 0..{V - 1}, got values {y.min()}..{y.max()}")
    return y


def unigram(y, V=V, alpha=1.0):
    """p(t) = (count(t) + α) / (N + α V): how often each token comes next, ignoring context."""
    y = _tokens(y, V, "y")
    counts = np.bincount(y.ravel(), minlength=V).astype(np.float64)
    return (counts + alpha) / (counts.sum() + alpha * V)


def bigram(previous, y, V=V, alpha=1.0):
    """P[a, b] = (count(a then b) + α) / (count(a) + α V), add-α smoothing (chapter 10).

    Row a is the distribution of the next token after token a; every row sums to 1, and
    α > 0 keeps pairs never seen in training above zero.
    """
    previous, y = _tokens(previous, V, "previous"), _tokens(y, V, "y")
    if previous.shape != y.shape:
        raise ValueError(f"previous has shape {previous.shape} but y has shape {y.shape}")
    if not alpha > 0:
        raise ValueError(f"alpha must be > 0 so unseen pairs keep some probability, got {alpha}")
    counts = np.zeros((V, V))
    np.add.at(counts, (previous, y), 1.0)
    counts += alpha
    return counts / counts.sum(axis=1, keepdims=True)


def table_loss(probabilities, y):
    """Mean −log p(y_n) over positions, one probability row (N, V) or one shared row (V,)."""
    p = np.asarray(probabilities, dtype=np.float64)
    y = _tokens(y, p.shape[-1], "y")
    picked = p[y] if p.ndim == 1 else p[np.arange(len(y)), y]
    return float(-np.mean(np.log(picked)))


class NeuralLM:
    """Bengio et al. (2003): embed the last k tokens, concatenate, tanh layer, softmax. Chapter 10.

        x = [E[t₁], …, E[t_k]]           (N, k·d)   nn.Embedding, then a reshape
        a⁽¹⁾ = tanh(x W⁽¹⁾ᵀ + b⁽¹⁾)        (N, H)     nn.Dense
        z⁽²⁾ = a⁽¹⁾ W⁽²⁾ᵀ + b⁽²⁾            (N, V)     nn.Dense; softmax is in the loss

    Bengio's model also had direct connections from x to the output; this one does not.
    """

    def __init__(self, V=V, k=3, d=10, hidden=100, seed=0, dtype=np.float64):
        self.V, self.k = _checks.integer(V, "V", minimum=1), _checks.integer(k, "k", minimum=1)
        self.d = _checks.integer(d, "d", minimum=1)
        self.hidden_size = _checks.integer(hidden, "hidden", minimum=1)
        rng = seeds.rng(seed)
        self.embedding = nn.Embedding(self.V, d, rng=rng, dtype=dtype)
        self.hidden = nn.Dense(self.k * d, self.hidden_size, "tanh", rng=rng, dtype=dtype)
        self.output = nn.Dense(self.hidden_size, self.V, "identity", rng=rng, dtype=dtype)

    def __repr__(self):
        return (f"NeuralLM(V={self.V}, k={self.k}, d={self.d}, hidden={self.hidden_size}: "
                f"{self.n_params} parameters)")

    @property
    def params(self):
        """[E, W1, b1, W2, b2]: the live arrays."""
        return [self.embedding.E, self.hidden.W, self.hidden.b, self.output.W, self.output.b]

    param_names = ["E", "W1", "b1", "W2", "b2"]

    @property
    def grads(self):
        """[dL/dE, dL/dW1, dL/db1, dL/dW2, dL/db2] from the last backward."""
        return [self.embedding.dE, self.hidden.dW, self.hidden.db, self.output.dW,
                self.output.db]

    @property
    def n_params(self):
        return sum(p.size for p in self.params)

    def _contexts(self, X):
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != self.k:
            raise ValueError(f"NeuralLM expects contexts of shape (N, {self.k}), one row of "
                             f"{self.k} token ids per position, got shape {X.shape}")
        return X

    def forward(self, X):
        """Logits z⁽²⁾ (N, V) for contexts X (N, k) of token ids; keeps what backward needs."""
        X = self._contexts(X)
        x = self.embedding.forward(X).reshape(len(X), self.k * self.d)
        return self.output.forward(self.hidden.forward(x)).copy()

    __call__ = forward

    def backward(self, grad_logits):
        """dL/dz⁽²⁾ in, every parameter's gradient out (the list .grads)."""
        g = self.output.backward(grad_logits)
        g = self.hidden.backward(g)
        self.embedding.backward(g.reshape(-1, self.k, self.d))
        return self.grads

    def predict(self, X):
        """Logits for X, leaving the state kept for backward alone."""
        X = self._contexts(X)
        x = self.embedding.E[self.embedding._checked_tokens(X)].reshape(len(X), -1)
        h = np.tanh(x @ self.hidden.W.T + self.hidden.b)
        return h @ self.output.W.T + self.output.b

    def loss(self, X, y):
        """Mean cross-entropy over the positions of X, y (nats per token)."""
        return losses.softmax_cross_entropy(self.predict(X), y)

    def next_token_probabilities(self, context, temperature=1.0):
        """p(next token | the last k tokens of context), a string; padded with '.' in front."""
        tokens = ([0] * self.k + encode(context))[-self.k:]
        logits = self.predict(np.array([tokens]))[0]
        return activations.softmax(logits, temperature=temperature)


def fit(model, optimizer, X, y, epochs=10, batch_size=128, seed=0, validation=None):
    """Minibatch training on the mean cross-entropy; returns the history (chapter 10).

    Like ``train.fit`` of chapter 7 for a model whose inputs are token ids: history holds
    "epoch", "loss" and, with ``validation=(X_val, y_val)``, "val_loss", each measured on the
    whole set at the end of every epoch (epoch 0 before any step).
    """
    X, y = model._contexts(X), _tokens(y, model.V, "y")
    history = {"epoch": [], "loss": []} | ({"val_loss": []} if validation is not None else {})

    def record(epoch):
        history["epoch"].append(epoch)
        history["loss"].append(model.loss(X, y))
        if validation is not None:
            history["val_loss"].append(model.loss(*validation))

    rng = seeds.rng(seed)
    record(0)
    for epoch in range(1, epochs + 1):
        for batch in train.minibatches(len(y), batch_size, rng):
            grad = losses.softmax_cross_entropy_grad(model.forward(X[batch]), y[batch])
            optimizer.step(model.backward(grad))
        record(epoch)
    return history


def sample(model, rng, temperature=1.0, max_length=20):
    """One name drawn letter by letter from the model at temperature T, without the '.'s.

    Starts from a context of k boundary tokens and stops at the next boundary token (or
    after max_length letters).
    """
    rng = seeds.rng(rng)
    context, letters = [0] * model.k, []
    for _ in range(max_length):
        p = activations.softmax(model.predict(np.array([context]))[0], temperature=temperature)
        token = int(rng.choice(len(p), p=p))
        if token == 0:
            break
        letters.append(token)
        context = context[1:] + [token]
    return decode(letters)


def cost_per_token(model):
    """Multiply-adds per position in the last forward and backward, read from the layers.

    Each Dense layer multiplied a_prev (N, n_in) by Wᵀ going forward; going backward it
    formed dW = δᵀ a_prev and, when a layer lies below it, δ W (each N · n_in · n_out). The
    embedding only copies rows forward and adds rows backward: no multiplications.
    Returns dict(forward, backward) per position (divided by the batch size N).
    """
    forward = backward = 0
    for layer in (model.hidden, model.output):
        if layer.a_prev is None or layer.delta is None:
            raise RuntimeError("cost_per_token needs one forward and one backward pass first")
        n, n_in = layer.a_prev.shape
        n_out = layer.delta.shape[1]
        forward += n * n_in * n_out                       # a_prev Wᵀ
        backward += n * n_in * n_out                      # dW = δᵀ a_prev
        backward += n * n_in * n_out                      # δ W, passed to the layer below
    n = model.output.a_prev.shape[0]
    return {"forward": forward / n, "backward": backward / n}
