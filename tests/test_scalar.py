"""The scalar engine: every op against central differences, deep graphs, replay, bad input."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import Value

H = 1e-6


def central_difference(f, x):
    return (f(x + H) - f(x - H)) / (2 * H)


def rel_err(a, b):
    return abs(a - b) / max(1e-12, abs(a) + abs(b))


UNARY = {
    "neg": (lambda v: -v, lambda x: -x),
    "exp": (lambda v: v.exp(), math.exp),
    "log": (lambda v: v.log(), math.log),
    "tanh": (lambda v: v.tanh(), math.tanh),
    "sigmoid": (lambda v: v.sigmoid(), lambda x: 1 / (1 + math.exp(-x))),
    "relu": (lambda v: v.relu(), lambda x: max(x, 0.0)),
    "square": (lambda v: v ** 2, lambda x: x ** 2),
    "cube": (lambda v: v ** 3, lambda x: x ** 3),
    "sqrt": (lambda v: v ** 0.5, math.sqrt),
    "inverse": (lambda v: v ** -1, lambda x: 1 / x),
    "add const": (lambda v: v + 3, lambda x: x + 3),
    "radd": (lambda v: 3 + v, lambda x: 3 + x),
    "rsub": (lambda v: 3 - v, lambda x: 3 - x),
    "rmul": (lambda v: 3 * v, lambda x: 3 * x),
    "rdiv": (lambda v: 3 / v, lambda x: 3 / x),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("x", [0.3, 1.7, 2.9])
def test_unary_ops_match_finite_differences(name, x):
    op, f = UNARY[name]
    v = Value(x)
    out = op(v)
    out.backward()
    assert out.data == pytest.approx(f(x), rel=1e-12)
    assert rel_err(v.grad, central_difference(f, x)) < 1e-6


BINARY = {
    "+": (lambda a, b: a + b),
    "-": (lambda a, b: a - b),
    "*": (lambda a, b: a * b),
    "/": (lambda a, b: a / b),
}


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_ops_match_finite_differences(name):
    f = BINARY[name]
    a, b = Value(1.3), Value(-0.7)
    out = f(a, b)
    out.backward()
    assert rel_err(a.grad, central_difference(lambda x: f(x, -0.7), 1.3)) < 1e-6
    assert rel_err(b.grad, central_difference(lambda y: f(1.3, y), -0.7)) < 1e-6


def test_sum_and_dot_are_single_nodes_with_the_right_gradients():
    ws = [Value(w) for w in (0.5, -1.0, 2.0)]
    xs = [Value(x) for x in (3.0, 4.0, -1.0)]
    out = Value.dot(ws, xs) + Value.sum(ws)
    out.backward()
    assert out.data == pytest.approx(0.5 * 3 - 4 - 2 + 1.5)
    assert [w.grad for w in ws] == pytest.approx([4.0, 5.0, 0.0])
    assert [x.grad for x in xs] == pytest.approx([0.5, -1.0, 2.0])
    assert len(Value.dot(ws, xs).children) == 6


def test_a_value_used_twice_accumulates_both_paths():
    x = Value(3.0)
    y = x * x + x      # dy/dx = 2x + 1
    y.backward()
    assert x.grad == pytest.approx(7.0)


def test_backward_twice_gives_the_same_gradients():
    a, b = Value(2.0), Value(-3.0)
    out = (a * b).tanh() + a ** 2
    out.backward()
    first = (a.grad, b.grad)
    out.backward()
    assert (a.grad, b.grad) == first


def test_separate_backward_calls_do_not_accumulate_but_a_summed_loss_does():
    # the semantics chapter 5 teaches: backward() resets, then computes
    w = Value(1.0, "w")
    examples = [(1.0, 0.0), (2.0, 0.0)]    # L_n = (w x_n - y_n)², dL_n/dw = 2 x_n (w x_n - y_n)
    per_example = [2 * x * (w.data * x - y) for x, y in examples]      # 2 and 8
    for x, y in examples:
        ((w * x - y) ** 2).backward()
    assert w.grad == per_example[-1]                # only the last example survives
    total = Value.sum([(w * x - y) ** 2 for x, y in examples])
    total.backward()
    assert w.grad == sum(per_example)               # one graph, one sweep: they add up


def test_a_node_built_with_the_constructor_backpropagates_like_a_library_op():
    x = Value(0.5, "x")
    s = Value(math.sin(x.data), children=(x,), local_grads=(math.cos(x.data),), op="sin")
    (s * x).backward()
    assert x.grad == pytest.approx(math.sin(0.5) + 0.5 * math.cos(0.5))
    assert (s.op, s.children, s.label) == ("sin", (x,), "")


def test_constructor_needs_one_local_derivative_per_child():
    x = Value(1.0)
    with pytest.raises(ValueError, match="1 children but 2 local_grads"):
        Value(1.0, children=(x,), local_grads=(1.0, 2.0))

def test_backward_steps_replays_the_same_sweep_one_node_at_a_time():
    x, w = Value(2.0, label="x"), Value(-1.0, label="w")
    out = (x * w + 1.0).sigmoid()
    nodes = []
    for node in out.backward_steps():
        nodes.append(node)
        assert node.grad == node.grad  # gradient final when yielded
    assert nodes[0] is out
    assert nodes == list(reversed(out.topological_order()))
    grads = (x.grad, w.grad)
    out.backward()
    assert (x.grad, w.grad) == grads


def test_topological_order_puts_inputs_first():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    order = d.topological_order()
    position = {id(n): i for i, n in enumerate(order)}
    for node in order:
        for child in node.children:
            assert position[id(child)] < position[id(node)]
    assert order[-1] is d


def test_a_100000_node_chain_backpropagates():
    x = Value(0.5)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.backward()
    assert x.grad == 1.0


def test_a_20000_term_sum_backpropagates():
    terms = [Value(float(i)) for i in range(20_000)]
    total = terms[0]
    for t in terms[1:]:
        total = total + t
    total.backward()
    assert total.data == sum(range(20_000))
    assert all(t.grad == 1.0 for t in terms)
    assert Value.sum(terms).data == total.data


def test_labels_and_repr():
    v = Value(1.5, label="w")
    assert v.label == "w" and "label='w'" in repr(v) and (v * 2).op == "*"


@pytest.mark.parametrize("bad", ["2", [1.0], None, (1, 2), True])
def test_ops_with_non_numbers_raise_type_error_naming_the_type(bad):
    v = Value(1.0)
    with pytest.raises(TypeError, match=type(bad).__name__):
        v + bad
    with pytest.raises(TypeError, match=type(bad).__name__):
        bad * v
    with pytest.raises(TypeError, match=type(bad).__name__):
        Value(bad)


@pytest.mark.parametrize("x", [0.0, -2.0])
def test_log_of_non_positive_value_is_a_clear_error(x):
    with pytest.raises(ValueError, match="non-positive"):
        Value(x).log()


def test_power_edge_cases_are_clear_errors():
    with pytest.raises(TypeError, match="plain number"):
        Value(2.0) ** Value(2.0)
    with pytest.raises(ValueError, match="undefined"):
        Value(0.0) ** -1
    with pytest.raises(ValueError, match="not a real number"):
        Value(-4.0) ** 0.5
    with pytest.raises(ValueError, match="overflows"):
        Value(1000.0).exp()
    with pytest.raises(ValueError, match="equal lengths"):
        Value.dot([Value(1.0)], [1.0, 2.0])


@pytest.mark.parametrize("x", [1e4, -1e4, 700.0, -745.0])
def test_sigmoid_and_tanh_stay_finite_at_extremes(x):
    for out in (Value(x).sigmoid(), Value(x).tanh()):
        out.backward()
        assert math.isfinite(out.data) and math.isfinite(out.grad)


# ---- property-based: random expression graphs against finite differences ----

OPS = ["add", "mul", "sub", "div", "tanh", "sigmoid", "exp", "square"]


def build(ops_and_picks, leaves):
    """Grow an expression from the leaves; each step combines earlier nodes."""
    nodes = list(leaves)
    for op, i, j in ops_and_picks:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        if op == "add":
            nodes.append(a + b)
        elif op == "mul":
            nodes.append(a * b.tanh())
        elif op == "sub":
            nodes.append(a - b)
        elif op == "div":
            nodes.append(a / (b * b + 1.0))
        elif op == "tanh":
            nodes.append(a.tanh())
        elif op == "sigmoid":
            nodes.append(a.sigmoid())
        elif op == "exp":
            nodes.append((a.tanh()).exp())
        else:
            nodes.append(a.tanh() ** 2)
    return Value.sum(nodes[len(leaves):]) if len(nodes) > len(leaves) else nodes[0]


@settings(max_examples=60, deadline=None)
@given(
    xs=st.lists(st.floats(-2, 2), min_size=1, max_size=4),
    steps=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 50), st.integers(0, 50)),
                   min_size=1, max_size=12),
)
def test_random_graphs_match_finite_differences(xs, steps):
    leaves = [Value(x) for x in xs]
    out = build(steps, leaves)
    out.backward()
    for k, x in enumerate(xs):
        def f(t, k=k):
            vals = list(xs)
            vals[k] = t
            return build(steps, [Value(v) for v in vals]).data
        numeric = central_difference(f, x)
        assert abs(leaves[k].grad - numeric) <= 1e-6 * max(1.0, abs(numeric))


def test_topological_order_lists_inputs_left_to_right():
    x, w, b = Value(1.5, "x"), Value(-0.6, "w"), Value(0.4, "b")
    wx = w * x
    wx.label = "w·x"
    z = wx + b
    z.label = "z"
    order = [n.label for n in z.tanh().topological_order()]
    assert order == ["w", "x", "w·x", "b", "z", ""]
