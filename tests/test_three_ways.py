"""One network's gradient three ways: Value graph, matrix form, finite differences (chapter 6).

The scalar engine (``Value`` / ``ScalarMLP``), the matrix-form ``nn.MLP`` and central
differences (``gradcheck``) share no code, so their agreement is strong evidence that
each is right. Also: random expression graphs of Value ops against finite differences,
and repeated ``backward()`` giving equal gradients.
"""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from backprop import Value, gradcheck, losses, nn
from backprop.scalar_nn import ScalarMLP

TOL = 1e-6

# ---- the loss, written once for Value outputs and once for arrays ----


def value_loss(outputs, targets, loss):
    """The batch-mean loss as one Value; outputs[n] is the list of output Values for example n."""
    n = len(outputs)
    if loss == "mse":
        terms = [(o - t) ** 2 for out, row in zip(outputs, targets) for o, t in zip(out, row)]
        return Value.sum(terms) * (1.0 / (2 * n))
    if loss == "bce":  # outputs are probabilities
        terms = [t * o.log() + (1.0 - t) * (1.0 - o).log()
                 for out, row in zip(outputs, targets) for o, t in zip(out, row)]
        return Value.sum(terms) * (-1.0 / n)
    if loss == "sigmoid_ce":  # outputs are logits
        terms = [t * o.sigmoid().log() + (1.0 - t) * (1.0 - o.sigmoid()).log()
                 for out, row in zip(outputs, targets) for o, t in zip(out, row)]
        return Value.sum(terms) * (-1.0 / n)
    if loss == "softmax_ce":  # targets are class indices
        terms = [Value.sum([o.exp() for o in out]).log() - out[int(label)]
                 for out, label in zip(outputs, targets)]
        return Value.sum(terms) * (1.0 / n)
    raise ValueError(loss)


ARRAY_LOSS = {
    "mse": (losses.mse, losses.mse_grad),
    "bce": (losses.binary_cross_entropy, losses.binary_cross_entropy_grad),
    "sigmoid_ce": (losses.sigmoid_cross_entropy, losses.sigmoid_cross_entropy_grad),
    "softmax_ce": (losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad),
}


def problem(sizes, activation, output, loss, n=5, seed=0):
    """A small MLP with random (nonzero) biases, a batch X and fitting targets."""
    rng = np.random.default_rng(seed)
    net = nn.MLP(sizes, activation=activation, output=output, seed=seed)
    for b in net.params[1::2]:
        b[...] = rng.uniform(-0.5, 0.5, b.shape)
    X = rng.normal(size=(n, sizes[0]))
    if loss == "softmax_ce":
        Y = rng.integers(0, sizes[-1], size=n)
    elif loss == "mse":
        Y = rng.normal(size=(n, sizes[-1]))
    else:
        Y = rng.uniform(0, 1, size=(n, sizes[-1]))
    return net, X, Y


def three_ways(net, X, Y, activation, output, loss):
    """[(name, value_grad, matrix_grad, numerical_grad)] for every parameter of net."""
    f, df = ARRAY_LOSS[loss]
    # 1. matrix form
    y_hat = net.forward(X)
    matrix = [g.copy() for g in net.backward(df(y_hat, Y))]
    # 2. Value graph with the very same weights
    scalar = ScalarMLP.from_arrays(net.params[0::2], net.params[1::2], activation, output)
    value_loss([scalar(x) for x in X], Y.tolist(), loss).backward()
    value = scalar.grads_as_arrays()
    # 3. central finite differences on the live parameter arrays
    numeric = [gradcheck.numerical_gradient(lambda: f(net.forward(X), Y), p) for p in net.params]
    return list(zip(net.param_names, value, matrix, numeric))


CASES = [
    ([3, 4, 2], "tanh", "identity", "mse"),
    ([3, 4, 2], "sigmoid", "identity", "mse"),
    ([3, 5, 4, 2], "relu", "identity", "mse"),
    ([2, 3, 1], "tanh", "sigmoid", "bce"),
    ([4, 3, 1], "relu", "identity", "sigmoid_ce"),
    ([3, 4, 3], "tanh", "identity", "softmax_ce"),
    ([3, 3, 3, 3], "sigmoid", "tanh", "mse"),
]


@pytest.mark.parametrize("sizes, activation, output, loss", CASES)
def test_value_matrix_and_finite_differences_agree(sizes, activation, output, loss):
    net, X, Y = problem(sizes, activation, output, loss)
    for name, value, matrix, numeric in three_ways(net, X, Y, activation, output, loss):
        assert value.shape == matrix.shape == numeric.shape, name
        assert gradcheck.relative_error(value, matrix) < TOL, (name, "Value vs matrix")
        assert gradcheck.relative_error(matrix, numeric) < TOL, (name, "matrix vs FD")
        assert gradcheck.relative_error(value, numeric) < TOL, (name, "Value vs FD")


def test_the_comparison_can_fail():
    """The same comparison flags a gradient with one wrong entry (so the test above can fail)."""
    net, X, Y = problem([3, 4, 2], "tanh", "identity", "mse")
    name, value, matrix, numeric = three_ways(net, X, Y, "tanh", "identity", "mse")[0]
    wrong = matrix.copy()
    wrong[1, 2] *= 1.01
    assert gradcheck.relative_error(wrong, numeric) > TOL
    assert gradcheck.relative_error(wrong, value) > TOL


def test_check_gradients_report_agrees_for_a_whole_network():
    net, X, Y = problem([4, 6, 3], "tanh", "identity", "softmax_ce")
    logits = net.forward(X)
    grads = net.backward(losses.softmax_cross_entropy_grad(logits, Y))
    report = gradcheck.check_gradients(lambda: losses.softmax_cross_entropy(net.forward(X), Y),
                                       net.params, grads, names=net.param_names)
    assert report.ok(TOL), str(report)


@settings(max_examples=25, deadline=None)
@given(
    hidden=st.lists(st.integers(1, 4), min_size=0, max_size=2),
    n_in=st.integers(1, 3),
    n_out=st.integers(1, 3),
    n=st.integers(1, 4),
    activation=st.sampled_from(["tanh", "sigmoid", "identity"]),
    output=st.sampled_from(["identity", "tanh", "sigmoid"]),
    seed=st.integers(0, 10_000),
)
def test_random_networks_agree_three_ways(hidden, n_in, n_out, n, activation, output, seed):
    sizes = [n_in, *hidden, n_out]
    net, X, Y = problem(sizes, activation, output, "mse", n=n, seed=seed)
    for name, value, matrix, numeric in three_ways(net, X, Y, activation, output, "mse"):
        assert np.allclose(value, matrix, rtol=1e-9, atol=1e-12), name
        assert np.allclose(matrix, numeric, rtol=1e-5, atol=1e-8), name


# ---- random expression graphs of Value ops against finite differences ----

UNARY = ["tanh", "sigmoid", "relu", "exp_tanh", "log1p_sq", "cube", "neg"]
BINARY = ["add", "sub", "mul", "div_safe", "dot", "sum3"]


def evaluate(program, leaves):
    """Run a program on leaves (Values or floats, via Value) -> (output Value, relu inputs).

    Each instruction appends one node computed from earlier nodes (indices wrap), so
    nodes are reused and the graph is a DAG, not a tree.
    """
    nodes = [x if isinstance(x, Value) else Value(float(x)) for x in leaves]
    kinks = []
    for op, i, j, k in program:
        a, b, c = (nodes[t % len(nodes)] for t in (i, j, k))
        if op == "tanh":
            out = a.tanh()
        elif op == "sigmoid":
            out = a.sigmoid()
        elif op == "relu":
            kinks.append(a.data)
            out = a.relu()
        elif op == "exp_tanh":
            out = a.tanh().exp()
        elif op == "log1p_sq":
            out = (a * a + 1.0).log()
        elif op == "cube":
            out = a.tanh() ** 3
        elif op == "neg":
            out = -a
        elif op == "add":
            out = a + b
        elif op == "sub":
            out = a - b
        elif op == "mul":
            out = a * b.tanh()
        elif op == "div_safe":
            out = a / (b * b + 1.0)
        elif op == "dot":
            out = Value.dot([a, b], [b.tanh(), c.sigmoid()])
        else:  # sum3
            out = Value.sum([a, b, c])
        nodes.append(out)
    return Value.sum(nodes[len(leaves):]) if program else nodes[0], kinks


programs = st.lists(
    st.tuples(st.sampled_from(UNARY + BINARY), st.integers(0, 40), st.integers(0, 40),
              st.integers(0, 40)),
    min_size=1, max_size=15,
)


@settings(max_examples=120, deadline=None)
@given(xs=st.lists(st.floats(-2, 2, allow_nan=False), min_size=1, max_size=4), program=programs)
def test_random_expression_graphs_match_finite_differences(xs, program):
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(xs)]
    out, kinks = evaluate(program, leaves)
    assume(all(abs(z) > 1e-3 for z in kinks))  # finite differences cannot see past a kink
    assert math.isfinite(out.data)
    out.backward()
    analytic = np.array([leaf.grad for leaf in leaves])

    x = np.array(xs, dtype=float)
    numeric = gradcheck.numerical_gradient(lambda: evaluate(program, x.tolist())[0].data, x)
    assert np.allclose(analytic, numeric, rtol=1e-6, atol=1e-7), (analytic, numeric)


@settings(max_examples=40, deadline=None)
@given(xs=st.lists(st.floats(-2, 2, allow_nan=False), min_size=1, max_size=4), program=programs)
def test_repeated_backward_gives_equal_gradients(xs, program):
    leaves = [Value(x) for x in xs]
    out, _ = evaluate(program, leaves)
    out.backward()
    first = [node.grad for node in out.topological_order()]
    out.backward()
    out.backward()
    assert [node.grad for node in out.topological_order()] == first


def test_repeated_backward_on_a_network_gives_equal_gradients():
    net, X, Y = problem([3, 4, 2], "tanh", "identity", "mse")
    scalar = ScalarMLP.from_arrays(net.params[0::2], net.params[1::2], "tanh", "identity")
    loss = value_loss([scalar(x) for x in X], Y.tolist(), "mse")
    loss.backward()
    first = scalar.grads_as_arrays()
    loss.backward()
    assert all(np.array_equal(a, b) for a, b in zip(first, scalar.grads_as_arrays()))
    y_hat = net.forward(X)
    g1 = [g.copy() for g in net.backward(losses.mse_grad(y_hat, Y))]
    g2 = net.backward(losses.mse_grad(y_hat, Y))
    assert all(np.array_equal(a, b) for a, b in zip(g1, g2))
    assert all(gradcheck.relative_error(a, b) < TOL for a, b in zip(first, g1))
