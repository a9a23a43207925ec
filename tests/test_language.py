"""backprop.language (chapter 10): tokens, contexts, baselines, the model's gradients, cost."""

import numpy as np
import pytest

from backprop import language, losses, optim
from backprop.gradcheck import numerical_gradient, relative_error


def test_encode_decode_and_contexts():
    assert language.encode("abz") == [1, 2, 26] and language.decode([1, 2, 0]) == "ab."
    X, y = language.contexts(["ann", "bo"], 2)
    assert X.dtype == y.dtype == np.int64
    assert [language.decode(row) + ">" + language.decode([t]) for row, t in zip(X, y)] == [
        "..>a", ".a>n", "an>n", "nn>.", "..>b", ".b>o", "bo>."]
    with pytest.raises(ValueError, match="letters a-z only, got '.3'"):
        language.encode("a.3")
    with pytest.raises(ValueError, match="context length k"):
        language.contexts(["a"], 0)


def test_baselines_are_distributions_and_smoothing_keeps_unseen_pairs():
    X, y = language.contexts(["ann", "anna", "bob"], 1)
    P = language.bigram(X[:, 0], y, alpha=0.5)
    assert np.allclose(P.sum(axis=1), 1) and P.min() > 0
    assert P[1, 14] == (2 + 0.5) / (3 + 0.5 * 27)          # 'a' then 'n': 2 of the 3 a's
    p = language.unigram(y)
    assert np.isclose(p.sum(), 1) and np.argmax(p) == 14   # 'n' is the most common next token
    uniform = np.full(27, 1 / 27)
    assert np.isclose(language.table_loss(uniform, y), np.log(27))
    assert np.isclose(language.perplexity(language.table_loss(uniform, y)), 27)
    with pytest.raises(ValueError, match="alpha must be > 0"):
        language.bigram(X[:, 0], y, alpha=0)


def test_neural_lm_gradients_match_central_differences():
    rng = np.random.default_rng(0)
    model = language.NeuralLM(V=7, k=3, d=2, hidden=5, seed=1)
    for b in (model.hidden.b, model.output.b):
        b[...] = rng.normal(size=b.shape)
    X = rng.integers(0, 7, size=(6, 3))
    X[0] = [4, 4, 4]                                       # one token three times
    y = rng.integers(0, 7, size=6)
    grad = losses.softmax_cross_entropy_grad(model.forward(X), y)
    grads = [g.copy() for g in model.backward(grad)]
    for name, p, g in zip(model.param_names, model.params, grads):
        numeric = numerical_gradient(lambda: losses.softmax_cross_entropy(model.predict(X), y), p)
        assert relative_error(g, numeric) < 1e-6, name


def test_neural_lm_shapes_parameters_and_bad_contexts():
    model = language.NeuralLM(k=3, d=10, hidden=100, seed=0)
    assert model.n_params == 27 * 10 + 30 * 100 + 100 + 100 * 27 + 27 == 6097
    assert [p.shape for p in model.params] == [(27, 10), (100, 30), (100,), (27, 100), (27,)]
    assert "6097 parameters" in repr(model)
    with pytest.raises(ValueError, match=r"shape \(N, 3\)"):
        model.forward(np.zeros((2, 2), dtype=int))
    with pytest.raises(TypeError, match="integer token ids"):
        model.forward(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="hidden must be a positive integer, got 0"):
        language.NeuralLM(hidden=0)
    with pytest.raises(TypeError, match="k must be a positive int"):
        language.NeuralLM(k=2.5)
    p = model.next_token_probabilities("ma", temperature=0.5)
    assert p.shape == (27,) and np.isclose(p.sum(), 1)


def test_cost_per_token_counts_the_layers_products():
    model = language.NeuralLM(k=3, d=10, hidden=100, seed=0)
    with pytest.raises(RuntimeError, match="forward and one backward"):
        language.cost_per_token(language.NeuralLM(seed=1))
    X = np.zeros((8, 3), dtype=int)
    grad = losses.softmax_cross_entropy_grad(model.forward(X), np.zeros(8, dtype=int))
    model.backward(grad)
    cost = language.cost_per_token(model)
    assert cost == {"forward": 30 * 100 + 100 * 27, "backward": 2 * (30 * 100 + 100 * 27)}


def test_fit_lowers_the_loss_and_sample_is_seeded():
    X, y = language.contexts(["anna", "hannah", "ann", "nan"] * 5, 2)
    model = language.NeuralLM(k=2, d=3, hidden=8, seed=0)
    history = language.fit(model, optim.Adam(model.params, lr=0.03), X, y, epochs=5,
                           batch_size=8, validation=(X, y))
    assert history["epoch"] == list(range(6)) and history["loss"] == history["val_loss"]
    assert history["loss"][-1] < 0.6 * history["loss"][0]
    name = language.sample(model, 3)
    assert name == language.sample(model, 3) and set(name) <= set("abcdefghijklmnopqrstuvwxyz")
