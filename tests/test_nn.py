"""Dense layers and MLPs in matrix form: the δ equations, gradients against central differences."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import activations, losses, nn, optim
from backprop.gradcheck import check_gradients, numerical_gradient, relative_error

TOL = 1e-6
KINDS = ["identity", "sigmoid", "tanh", "relu", "softmax"]


def assert_close_to_numeric(f, params, grads):
    """Each gradient equals central differences: relative error < TOL, or, for gradients that are
    tiny (saturated units), within 1e-8, since finite differences carry ~1e-10 of round-off."""
    for p, g in zip(params, grads):
        numeric = numerical_gradient(f, p)
        assert relative_error(g, numeric) < TOL or np.allclose(g, numeric, rtol=0, atol=1e-8), (
            p.shape, g, numeric)


def projection_loss(R):
    """L(a) = Σ R ⊙ a: a fixed random linear read-out, so dL/da = R."""
    return lambda a: float(np.sum(R * a))


# ---------------------------------------------------------------- Dense


def test_dense_shapes_and_forward_formula():
    rng = np.random.default_rng(0)
    layer = nn.Dense(4, 3, activation="tanh", rng=1)
    assert layer.W.shape == (3, 4) and layer.b.shape == (3,)
    layer.b[...] = rng.normal(size=3)
    A = rng.normal(size=(5, 4))
    a = layer.forward(A)
    assert a.shape == (5, 3)
    assert np.allclose(layer.z, A @ layer.W.T + layer.b)
    assert np.allclose(a, np.tanh(A @ layer.W.T + layer.b))
    assert layer.a_prev is A


@pytest.mark.parametrize("kind", KINDS)
def test_dense_backward_matches_central_differences(kind):
    rng = np.random.default_rng(1)
    layer = nn.Dense(4, 3, activation=kind, rng=2)
    layer.b[...] = rng.normal(size=3)
    A = rng.normal(size=(5, 4))
    R = rng.normal(size=(5, 3))
    loss = projection_loss(R)
    layer.forward(A)
    grad_A = layer.backward(R).copy()
    params, grads = [layer.W, layer.b], [layer.dW, layer.db]
    report = check_gradients(lambda: loss(layer.forward(A)), params, grads)
    assert report.ok(TOL), str(report)
    numeric_A = numerical_gradient(lambda: loss(layer.forward(A)), A)
    assert relative_error(grad_A, numeric_A) < TOL


def test_dense_backward_equations():
    """δ = dL/da ⊙ σ'(z), dW = δᵀ A_prev, db = Σ_rows δ, dA_prev = δ W."""
    rng = np.random.default_rng(3)
    layer = nn.Dense(3, 2, activation="sigmoid", rng=0)
    A, G = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    layer.forward(A)
    grad_A = layer.backward(G)
    delta = G * activations.sigmoid_derivative(layer.z)
    assert np.allclose(layer.delta, delta)
    assert np.allclose(layer.dW, delta.T @ A)
    assert np.allclose(layer.db, delta.sum(axis=0))
    assert np.allclose(grad_A, delta @ layer.W)
    assert layer.backward(G, need_grad_input=False) is None


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 5),
    n_in=st.integers(1, 5),
    n_out=st.integers(1, 5),
    kind=st.sampled_from(KINDS),
    seed=st.integers(0, 2**16),
)
def test_dense_random_shapes(n, n_in, n_out, kind, seed):
    rng = np.random.default_rng(seed)
    layer = nn.Dense(n_in, n_out, activation=kind, rng=seed)
    layer.b[...] = rng.normal(size=n_out)
    A, R = rng.normal(size=(n, n_in)), rng.normal(size=(n, n_out))
    loss = projection_loss(R)
    layer.forward(A)
    grad_A = layer.backward(R).copy()
    assert layer.dW.shape == layer.W.shape and layer.db.shape == layer.b.shape
    assert grad_A.shape == A.shape
    f = lambda: loss(layer.forward(A))  # noqa: E731
    assert_close_to_numeric(f, [layer.W, layer.b, A], [layer.dW.copy(), layer.db.copy(), grad_A])


def test_dense_backward_needs_forward_and_matching_shape():
    layer = nn.Dense(3, 2)
    with pytest.raises(RuntimeError, match="call forward first"):
        layer.backward(np.zeros((4, 2)))
    layer.forward(np.zeros((4, 3)))
    wrong = r"dL/da has shape \(4, 3\) but the layer's output has shape \(4, 2\)"
    with pytest.raises(ValueError, match=wrong):
        layer.backward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"expects input of shape \(N, 3\), got shape \(4, 2\)"):
        layer.forward(np.zeros((4, 2)))


def test_dense_init_scales():
    he = nn.Dense(400, 300, activation="relu", rng=0)
    glorot = nn.Dense(400, 300, activation="tanh", rng=0)
    assert abs(he.W.std() / np.sqrt(2 / 400) - 1) < 0.02
    assert abs(glorot.W.std() / np.sqrt(2 / 700) - 1) < 0.02
    assert np.array_equal(he.b, np.zeros(300))
    assert np.array_equal(nn.Dense(3, 2, rng=5).W, nn.Dense(3, 2, rng=5).W)


def test_dense_rejects_bad_sizes_and_dtypes():
    with pytest.raises(ValueError, match="n_out must be a positive integer, got 0"):
        nn.Dense(3, 0)
    with pytest.raises(TypeError, match="n_in must be a positive integer, got float 2.5"):
        nn.Dense(2.5, 3)
    with pytest.raises(TypeError, match="dtype must be float32 or float64, got int64"):
        nn.Dense(2, 3, dtype=np.int64)
    with pytest.raises(ValueError, match="unknown activation"):
        nn.Dense(2, 3, activation="swish")


# ---------------------------------------------------------------- MLP

LOSSES = {  # name: (loss, grad, output activation, target maker)
    "mse": (losses.mse, losses.mse_grad, "identity", lambda r, n, k: r.normal(size=(n, k))),
    "bce": (losses.binary_cross_entropy, losses.binary_cross_entropy_grad, "sigmoid",
            lambda r, n, k: r.uniform(0, 1, (n, k))),
    "sigmoid_ce": (losses.sigmoid_cross_entropy, losses.sigmoid_cross_entropy_grad, "identity",
                   lambda r, n, k: r.integers(0, 2, (n, k)).astype(float)),
    "softmax_ce": (losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad, "identity",
                   lambda r, n, k: r.integers(0, k, n)),
    "mse_on_softmax": (losses.mse, losses.mse_grad, "softmax",
                       lambda r, n, k: np.eye(k)[r.integers(0, k, n)]),
}


def network(sizes, activation, output, seed=0):
    """An MLP with nonzero biases (zero biases would hide a wrong bias gradient)."""
    net = nn.MLP(sizes, activation=activation, output=output, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for b in net.params[1::2]:
        b[...] = rng.uniform(-0.5, 0.5, b.shape)
    return net


@pytest.mark.parametrize("loss_name", list(LOSSES))
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_mlp_gradients_match_central_differences(loss_name, activation):
    loss, grad, output, targets = LOSSES[loss_name]
    rng = np.random.default_rng(7)
    net = network([4, 5, 3, 3], activation, output)
    X, Y = rng.normal(size=(6, 4)), targets(rng, 6, 3)
    grads = net.backward(grad(net.forward(X), Y))
    report = check_gradients(lambda: loss(net.forward(X), Y), net.params, grads, net.param_names)
    assert report.ok(TOL), str(report)


@settings(max_examples=25, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 5), min_size=2, max_size=5),
    n=st.integers(1, 5),
    activation=st.sampled_from(["sigmoid", "tanh", "relu", "identity"]),
    output=st.sampled_from(["identity", "tanh", "softmax"]),
    seed=st.integers(0, 2**16),
)
def test_mlp_random_shapes(sizes, n, activation, output, seed):
    rng = np.random.default_rng(seed)
    net = network(sizes, activation, output, seed=seed)
    X, Y = rng.normal(size=(n, sizes[0])), rng.normal(size=(n, sizes[-1]))
    grads = net.backward(losses.mse_grad(net.forward(X), Y))
    assert [g.shape for g in grads] == [p.shape for p in net.params]
    assert_close_to_numeric(lambda: losses.mse(net.forward(X), Y), net.params, grads)


def test_mlp_deltas_follow_the_backpropagation_equations():
    """δ^(L) = dL/da^(L) ⊙ σ'(z^(L)), δ^(l) = δ^(l+1) W^(l+1) ⊙ σ'(z^(l)).

    And dW^(l) = δ^(l)ᵀ a^(l-1), db^(l) = Σ_rows δ^(l).
    """
    rng = np.random.default_rng(8)
    net = network([3, 4, 5, 2], "tanh", "sigmoid")
    X, Y = rng.normal(size=(6, 3)), rng.uniform(0, 1, (6, 2))
    y_hat = net.forward(X)
    grad_output = losses.mse_grad(y_hat, Y)
    grads = net.backward(grad_output)
    zs, a, deltas, W = net.zs, net.activations, net.deltas, net.params[0::2]
    assert len(zs) == len(deltas) == 3 and len(a) == 4 and np.array_equal(a[0], X)
    assert not np.shares_memory(a[0], X)                      # a copy of the caller's X
    assert np.array_equal(a[-1], y_hat)
    expected = grad_output * activations.sigmoid_derivative(zs[-1])
    assert np.allclose(deltas[-1], expected)
    for i in (1, 0):  # list index i holds layer l = i + 1
        expected = (deltas[i + 1] @ W[i + 1]) * activations.tanh_derivative(zs[i])
        assert np.allclose(deltas[i], expected)
    for i in range(3):
        assert np.allclose(grads[2 * i], deltas[i].T @ a[i])
        assert np.allclose(grads[2 * i + 1], deltas[i].sum(axis=0))


def test_mlp_structure_and_names():
    net = nn.MLP([64, 32, 10], activation="relu", output="identity", seed=0)
    assert [p.shape for p in net.params] == [(32, 64), (32,), (10, 32), (10,)]
    assert net.param_names == ["W1", "b1", "W2", "b2"]
    assert net.n_params == 64 * 32 + 32 + 32 * 10 + 10
    assert [layer.activation.name for layer in net.layers] == ["relu", "identity"]
    assert repr(net) == "MLP(64-32-10, activation='relu', output='identity', dtype=float64)"
    same, other = nn.MLP([64, 32, 10], seed=0), nn.MLP([64, 32, 10], seed=1)
    assert all(np.array_equal(p, q) for p, q in zip(net.params, same.params))
    assert not np.array_equal(net.params[0], other.params[0])


def test_every_forward_makes_new_arrays_and_earlier_ones_keep_their_values():
    rng = np.random.default_rng(9)
    net = nn.MLP([3, 4, 2], seed=0)
    X1, X2 = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    y1 = net.forward(X1)
    z1, a1 = net.zs, net.activations
    kept = [v.copy() for v in z1 + a1]
    y2 = net.forward(X2)
    assert not np.shares_memory(y1, y2)
    assert not any(np.shares_memory(u, v) for u, v in zip(z1, net.zs))
    assert all(np.array_equal(v, k) for v, k in zip(z1 + a1, kept))  # nothing overwritten
    assert not np.allclose(y1, y2)
    assert np.allclose(y1, net.predict(X1))
    assert net.forward(rng.normal(size=(7, 3))).shape == (7, 2)
    assert np.array_equal(net.forward(X2), y2)


def test_backward_hands_out_new_arrays_that_keep_their_values():
    """Two backward calls give distinct gradient arrays; the first keeps its values."""
    rng = np.random.default_rng(12)
    net = network([3, 4, 2], "tanh", "sigmoid")
    X1, X2 = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    Y = rng.uniform(0, 1, (5, 2))
    g1 = net.backward(losses.mse_grad(net.forward(X1), Y))
    saved = [g.copy() for g in g1]
    deltas1 = net.deltas
    saved_deltas = [d.copy() for d in deltas1]
    g2 = net.backward(losses.mse_grad(net.forward(X2), Y))
    assert all(a is not b for a, b in zip(g1, g2))
    assert all(not np.shares_memory(a, b) for a, b in zip(g1, g2))
    assert all(np.array_equal(g, s) for g, s in zip(g1, saved))  # g1 unchanged
    assert all(np.array_equal(d, s) for d, s in zip(deltas1, saved_deltas))
    assert not np.allclose(g1[0], g2[0])  # the two batches really differ
    assert all(g is h for g, h in zip(g2, net.grads))  # .grads: the last backward's arrays
    fresh = network([3, 4, 2], "tanh", "sigmoid")
    expected = fresh.backward(losses.mse_grad(fresh.forward(X1), Y))
    assert all(np.allclose(g, e, rtol=1e-14, atol=0) for g, e in zip(g1, expected))


def test_changing_the_input_array_between_forward_and_backward_leaves_the_gradient_alone():
    """MLP.forward keeps a copy of X: a caller who reuses its buffer (X *= 0) before backward
    still gets the gradient of the batch forward saw. A lone Dense keeps a reference, as its
    docstring says: there dW follows the changed array."""
    rng = np.random.default_rng(14)
    X, Y = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    fresh = network([3, 4, 2], "tanh", "identity")
    expected = fresh.backward(losses.mse_grad(fresh.forward(X.copy()), Y))
    net = network([3, 4, 2], "tanh", "identity")
    buffer = X.copy()
    grad_output = losses.mse_grad(net.forward(buffer), Y)
    buffer *= 0                                    # the caller reuses its array
    got = net.backward(grad_output)
    assert all(np.array_equal(g, e) for g, e in zip(got, expected))
    assert not np.shares_memory(net.activations[0], buffer)
    layer = nn.Dense(3, 2, activation="sigmoid", rng=0)
    A = rng.normal(size=(4, 3))
    layer.forward(A)
    A_seen = A.copy()
    A[:] = 1.0
    layer.backward(np.ones((4, 2)))
    assert layer.a_prev is A and np.allclose(layer.dW, layer.delta.T @ A)
    assert not np.allclose(layer.dW, layer.delta.T @ A_seen)
    assert "do not change a_prev in place" in nn.Dense.forward.__doc__


def test_predict_leaves_backward_state_alone():
    rng = np.random.default_rng(10)
    net = network([3, 4, 2], "tanh", "identity")
    X, Y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    y_hat = net.forward(X)
    zs = [z.copy() for z in net.zs]
    net.predict(rng.normal(size=(5, 3)))
    assert all(np.array_equal(z, w) for z, w in zip(zs, net.zs))
    grads = [g.copy() for g in net.backward(losses.mse_grad(y_hat, Y))]
    fresh = network([3, 4, 2], "tanh", "identity")
    expected = fresh.backward(losses.mse_grad(fresh.forward(X), Y))
    assert all(np.allclose(g, e) for g, e in zip(grads, expected))


def test_float32_network():
    rng = np.random.default_rng(11)
    net64 = network([6, 5, 3], "relu", "identity")
    net32 = nn.MLP([6, 5, 3], dtype=np.float32)
    for p32, p64 in zip(net32.params, net64.params):
        p32[...] = p64
    X, labels = rng.normal(size=(8, 6)), rng.integers(0, 3, 8)
    out32, out64 = net32.forward(X), net64.forward(X)
    assert out32.dtype == np.float32 and all(p.dtype == np.float32 for p in net32.params)
    assert np.allclose(out32, out64, rtol=1e-5, atol=1e-5)
    g32 = net32.backward(losses.softmax_cross_entropy_grad(out32, labels))
    g64 = net64.backward(losses.softmax_cross_entropy_grad(out64, labels))
    assert all(g.dtype == np.float32 for g in g32)
    assert all(np.allclose(a, b, rtol=1e-4, atol=1e-5) for a, b in zip(g32, g64))
    assert "float32" in repr(net32)


def test_mlp_bad_input():
    net = nn.MLP([64, 32, 10])
    with pytest.raises(ValueError, match="expected 64 features per row, got 63"):
        net.forward(np.zeros((5, 63)))
    with pytest.raises(ValueError, match=r"expected 64 features.*reshape\(1, -1\)"):
        net.forward(np.zeros(64))
    with pytest.raises(ValueError, match="expected 64 features per row, got 63"):
        net.predict(np.zeros((5, 63)))
    with pytest.raises(RuntimeError, match="call forward first"):
        net.backward(np.zeros((5, 10)))
    net.forward(np.zeros((5, 64)))
    with pytest.raises(ValueError, match=r"grad_output has shape \(5,\) but .* shape \(5, 10\)"):
        net.backward(np.zeros(5))
    with pytest.raises(ValueError, match="at least"):
        nn.MLP([3])
    with pytest.raises(ValueError, match="every MLP size must be a positive integer, got 0"):
        nn.MLP([3, 0, 2])
    with pytest.raises(ValueError, match="unknown activation 'sigmoidd'"):
        nn.MLP([3, 2], output="sigmoidd")


# ---------------------------------------------------------------- learning

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mlp_learns_xor(seed):
    net = nn.MLP([2, 8, 1], activation="tanh", output="identity", seed=seed)
    adam = optim.Adam(net.params, lr=0.05)
    start = losses.sigmoid_cross_entropy(net.forward(XOR_X), XOR_Y)
    for _ in range(300):
        logits = net.forward(XOR_X)
        adam.step(net.backward(losses.sigmoid_cross_entropy_grad(logits, XOR_Y)))
    end = losses.sigmoid_cross_entropy(net.forward(XOR_X), XOR_Y)
    assert start > 0.5  # a random network is no better than a coin (log 2 ≈ 0.69)
    assert end < 5e-3
    assert np.array_equal(net.predict(XOR_X) > 0, XOR_Y > 0.5)


def test_mlp_learns_xor_with_plain_gradient_descent():
    net = nn.MLP([2, 8, 1], activation="tanh", output="identity", seed=0)
    sgd = optim.SGD(net.params, lr=0.5)
    for _ in range(500):
        sgd.step(net.backward(losses.sigmoid_cross_entropy_grad(net.forward(XOR_X), XOR_Y)))
    assert losses.sigmoid_cross_entropy(net.forward(XOR_X), XOR_Y) < 0.02


# ---------------------------------------------------------------- Embedding (chapter 10)


def test_embedding_forward_is_a_row_lookup_and_a_one_hot_product():
    table = nn.Embedding(6, 4, rng=0)
    tokens = np.array([[0, 5, 2], [3, 3, 1]])
    x = table.forward(tokens)
    assert x.shape == (2, 3, 4)
    assert np.array_equal(x[1, 0], table.E[3])
    one_hot = np.eye(6)[tokens]                         # (2, 3, 6)
    assert np.allclose(x, one_hot @ table.E)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_embedding_backward_matches_central_differences(dtype):
    rng = np.random.default_rng(4)
    table = nn.Embedding(7, 3, rng=1, dtype=dtype)
    tokens = rng.integers(0, 7, size=(5, 4))
    R = rng.normal(size=(5, 4, 3))
    table.forward(tokens)
    table.backward(R)
    assert table.dE.dtype == dtype and table.dE.shape == table.E.shape
    E64 = table.E.astype(np.float64)
    numeric = numerical_gradient(lambda: float(np.sum(R * E64[tokens])), E64)
    assert relative_error(table.dE, numeric) < (TOL if dtype == np.float64 else 1e-5)


def test_embedding_repeated_token_gets_one_contribution_per_position():
    table = nn.Embedding(4, 2, rng=0)
    tokens = np.array([[2, 2, 0]])                      # token 2 twice in one context
    table.forward(tokens)
    G = np.array([[[1.0, 10.0], [100.0, 1000.0], [5.0, 6.0]]])
    table.backward(G)
    assert np.array_equal(table.dE[2], [101.0, 1010.0])  # both positions, added
    assert np.array_equal(table.dE[0], [5.0, 6.0])
    assert not table.dE[[1, 3]].any()                   # unused rows: no gradient
    # the naive dE[tokens] += G keeps only one of the two contributions
    naive = np.zeros_like(table.E)
    naive[tokens] += G
    assert not np.array_equal(naive, table.dE)


def test_embedding_backward_hands_out_new_arrays():
    table = nn.Embedding(3, 2, rng=0)
    table.forward(np.array([0, 1]))
    table.backward(np.ones((2, 2)))
    first = table.grads[0]
    table.forward(np.array([2, 2]))
    table.backward(np.ones((2, 2)))
    assert first[0].tolist() == [1.0, 1.0] and table.dE[2].tolist() == [2.0, 2.0]
    assert table.params[0] is table.E


def test_embedding_dtype_and_seed():
    assert nn.Embedding(3, 2, dtype=np.float32).E.dtype == np.float32
    assert nn.Embedding(3, 2, dtype=np.float32).forward([1]).dtype == np.float32
    assert np.array_equal(nn.Embedding(5, 3, rng=7).E, nn.Embedding(5, 3, rng=7).E)
    assert repr(nn.Embedding(5, 3)) == "Embedding(5, 3, dtype=float64)"


def test_embedding_bad_input_gets_clear_errors():
    table = nn.Embedding(5, 2, rng=0)
    with pytest.raises(TypeError, match="integer token ids, got dtype float64.*astype"):
        table.forward(np.array([1.0, 2.0]))
    with pytest.raises(TypeError, match="got dtype bool"):
        table.forward(np.array([True, False]))
    with pytest.raises(TypeError, match="integer token ids"):
        table.forward(["a", "b"])
    with pytest.raises(ValueError, match="5 tokens, ids 0..4, got token id 5"):
        table.forward(np.array([0, 5]))
    with pytest.raises(ValueError, match="got token id -1"):
        table.forward(np.array([-1, 2]))
    with pytest.raises(RuntimeError, match="call forward first"):
        nn.Embedding(5, 2).backward(np.zeros((1, 2)))
    table.forward(np.array([[1, 2]]))
    with pytest.raises(ValueError, match=r"shape \(1, 2\) but the forward output had shape "
                                         r"\(1, 2, 2\)"):
        table.backward(np.zeros((1, 2)))
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        nn.Embedding(5, 2, dtype=np.int64)
    with pytest.raises(ValueError, match="dim must be a positive int"):
        nn.Embedding(5, 0)
    with pytest.raises(TypeError, match="n_tokens must be a positive int"):
        nn.Embedding(5.0, 2)
