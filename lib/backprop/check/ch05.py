"""Self-checks for chapter 5 (backpropagation on computational graphs)."""

import math

from ..scalar import Value
from . import Case, Mistake, run_check

__all__ = ["backward", "sin_op"]


# ---- the backward sweep ------------------------------------------------------------------

def _graph(kind):
    """A fresh small graph: (output, its input leaves). Kinds 0–3 cover reuse and depth."""
    x, y, z = Value(1.5, "x"), Value(-2.0, "y"), Value(0.5, "z")
    if kind == 0:
        out = (x + y) * z
    elif kind == 1:
        out = x * y + x                     # x is used twice: its gradients add
    elif kind == 2:
        h = (x * z).tanh()
        out = h * h + (h * y).sigmoid()     # h feeds three operations
    else:
        out = ((x * y) ** 2 + z.exp()).log() * x
    return out, (x, y, z)


def _sweep(backward_fn, kind, twice=True):
    """Run backward_fn on a fresh graph (twice: the result must not change); the input grads."""
    out, leaves = _graph(kind)
    for _ in range(2 if twice else 1):
        backward_fn(out)
    return tuple(leaf.grad for leaf in leaves)


def _reference(root):
    root.backward()


def _no_reset(root):
    root.grad = 1.0
    for node in reversed(root.topological_order()):
        for child, local in zip(node.children, node.local_grads):
            child.grad += local * node.grad


def _no_seed(root):
    for node in root.topological_order():
        node.grad = 0.0
    for node in reversed(root.topological_order()):
        for child, local in zip(node.children, node.local_grads):
            child.grad += local * node.grad


def _overwrite(root):
    for node in root.topological_order():
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(root.topological_order()):
        for child, local in zip(node.children, node.local_grads):
            child.grad = local * node.grad


def _forward_order(root):
    for node in root.topological_order():
        node.grad = 0.0
    root.grad = 1.0
    for node in root.topological_order():
        for child, local in zip(node.children, node.local_grads):
            child.grad += local * node.grad


def _local_only(root):
    for node in root.topological_order():
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(root.topological_order()):
        for child, local in zip(node.children, node.local_grads):
            child.grad += local


def _divide(root):
    for node in root.topological_order():
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(root.topological_order()):
        for child, local in zip(node.children, node.local_grads):
            child.grad += node.grad / local if local else 0.0


def _own_sweep(fn):
    """fn, run with the library's sweep switched off: the exercise is to write it."""
    def run(root):
        original = Value.backward_steps

        def forbidden(self):
            raise RuntimeError("it calls the library's backward() or backward_steps(); "
                               "write the sweep yourself with root.topological_order()")
        Value.backward_steps = forbidden
        try:
            return fn(root)
        finally:
            Value.backward_steps = original
    return run


def _graph_hint(fn):
    """A hint read from the graph the reader's sweep left behind (run once on a fresh graph)."""
    def hint(got, expected, case):
        kind = case.args[0]
        out, leaves = _graph(kind)
        try:
            returned = _own_sweep(fn)(out)
        except Exception:
            return None
        ref, _ = _graph(kind)
        ref.backward()
        nodes, ref_nodes = out.topological_order(), ref.topological_order()
        leaf_ids = {id(leaf) for leaf in leaves}
        inner = [(n, r) for n, r in zip(nodes, ref_nodes, strict=True)
                 if n is not out and id(n) not in leaf_ids and n.children]
        if all(leaf.grad == 0 for leaf in leaves):
            if returned is not None:
                return (f"your function returned a {type(returned).__name__} and left every "
                        f"node's .grad at 0; the check reads the gradients from the nodes' .grad "
                        f"fields, which the sweep must fill in")
            if out.grad == 0:
                return ("root.grad is 0 when your function finishes, so there is nothing to "
                        "pass back: ∂root/∂root was never put into it, or it was reset after "
                        "being put there")
            return ("root.grad holds ∂root/∂root, but nothing reached the inputs: each node "
                    "scales its local derivatives by a gradient before passing them on; "
                    "which node's gradient is that, and is it non-zero at that moment?")
        if any(n.grad == 0 and r.grad != 0 for n, r in inner) and \
                any(leaf.grad != 0 for leaf in leaves) and \
                all(n.grad == 0 for n, _ in inner):
            return ("the inner nodes (neither the output nor an input) still have grad 0: "
                    "your sweep gives gradients only to the inputs, so the inner nodes have "
                    "nothing to pass on")
        return None
    return hint


def backward(fn):
    """Check fn(root): fills every node's .grad with d(root)/d(node), like Value.backward()."""
    labels = ["(x + y)·z", "x·y + x (x used twice)", "a node used three times", "a deeper graph"]
    names = ("the gradient of x", "the gradient of y", "the gradient of z")
    expected = [Case((k,), _sweep(_reference, k), label=labels[k], names=names) for k in range(4)]
    mistakes = [
        _graph_hint(fn),
        Mistake(lambda k: _sweep(_no_reset, k),
                "run twice on the same graph, your gradients grow: the second sweep adds onto "
                "what the first one left in .grad"),
        Mistake(lambda k: _sweep(_overwrite, k),
                "a node used more than once keeps only the last contribution it receives: "
                "the later one replaces the earlier instead of adding to it"),
        Mistake(lambda k: _sweep(_forward_order, k),
                "your sweep visits the nodes from the inputs towards the output, so a node "
                "passes on its gradient before it has received it"),
        Mistake(lambda k: _sweep(_local_only, k),
                "each node passes its local derivatives on unscaled: the chain rule also "
                "multiplies them by the gradient the node itself has received"),
        Mistake(lambda k: _sweep(_divide, k),
                "you divided by the local derivative; the chain rule multiplies by it"),
    ]
    return run_check("backward", lambda k: _sweep(_own_sweep(fn), k), expected, hints=mistakes,
                     reader_fn=fn)


# ---- a new operation: sin ----------------------------------------------------------------

class _SinProblem(Exception):
    """A mistake in the reader's sin that the graph itself shows."""


def _call_sin(sin_fn, v):
    before = v.data
    try:
        s = sin_fn(v)
    except TypeError as error:
        if "len()" in str(error):
            raise _SinProblem("Value(...) got a single number where it needs a tuple of them "
                              "(children or local_grads): (d) is just d in brackets, a tuple "
                              "of one needs a comma") from None
        raise
    if not isinstance(s, Value):
        raise _SinProblem(f"sin must return a new Value, got {type(s).__name__}")
    if s is v or v.data != before:
        raise _SinProblem("your sin changed the node it was given (or returned it) instead of "
                          "building a new output node; the input must stay as it was")
    if any(not isinstance(c, Value) for c in s.children):
        raise _SinProblem("the output's children must be the input nodes (Values), not their "
                          "numbers; backward() follows children to reach the inputs")
    if s.children and s.op != "sin":
        raise _SinProblem(f"the output node's op is {s.op!r}; the statement asks for op=\"sin\" "
                          f"(it labels the node in graphs and printouts)")
    return s


def _through(sin_fn, x, y):
    """f = sin(x·y)·x + sin(y), built with sin_fn; returns (f, ∂f/∂x, ∂f/∂y) from backward()."""
    xv, yv = Value(x, "x"), Value(y, "y")
    s1, s2 = _call_sin(sin_fn, xv * yv), _call_sin(sin_fn, yv)
    f = s1 * xv + s2
    f.backward()
    return (f.data, xv.grad, yv.grad)


def _numeric(x, y, h=1e-6):
    def f(a, b):
        return math.sin(a * b) * a + math.sin(b)
    return (f(x, y), (f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h))


def _op(local):
    """A sin op with the given (wrong) local derivative, for the typical mistakes."""
    def sin(v):
        return Value(math.sin(v.data), children=(v,), local_grads=(local(v.data),), op="sin")
    return sin


def _leaf_sin(v):
    return Value(math.sin(v.data))


def sin_op(fn):
    """Check fn(v) -> Value for sin(v) whose gradient flows back: against finite differences."""
    inputs = [(0.5, 1.2), (-1.0, 2.5), (2.0, -0.3), (1.1, 0.0)]
    names = ("f", "∂f/∂x", "∂f/∂y")
    expected = [Case((x, y), _numeric(x, y), label=f"x, y = {x}, {y}", names=names)
                for x, y in inputs]
    mistakes = [
        Mistake(lambda x, y: _through(_leaf_sin, x, y),
                "no gradient reaches x and y: the output must record its input in .children "
                "and d sin(v)/dv in .local_grads"),
        Mistake(lambda x, y: _through(_op(math.sin), x, y),
                "your local derivative is sin itself; is sin its own derivative? (compare "
                "the slope of sin at v = 0 with sin(0))"),
        Mistake(lambda x, y: _through(_op(lambda a: -math.cos(a)), x, y),
                "wrong sign: sin rises at v = 0, so its derivative there is positive"),
        Mistake(lambda x, y: _through(_op(lambda a: 1.0), x, y),
                "your local derivative is 1 at every v, the slope of a sum; sin's slope "
                "changes with v"),
    ]

    def student(x, y):
        try:
            return _through(fn, x, y)
        except _SinProblem as problem:
            return problem

    def graph_problem(got, expected, case):
        return str(got) if isinstance(got, _SinProblem) else None

    return run_check("sin_op", student, expected, hints=[graph_problem, *mistakes],
                     rtol=1e-6, atol=1e-7, reader_fn=fn)
