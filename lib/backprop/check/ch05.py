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


def _divide(root):
    for node in root.topological_order():
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(root.topological_order()):
        for child, local in zip(node.children, node.local_grads):
            child.grad += node.grad / local if local else 0.0


def _own_sweep(fn):
    """fn, run with the library's order and sweep switched off: the exercise is to write both."""
    def run(root):
        saved = {name: getattr(Value, name)
                 for name in ("backward_steps", "topological_order")}

        def forbidden(self):
            raise RuntimeError("it calls the library's topological_order(), backward() or "
                               "backward_steps(); the exercise is to find the order yourself, "
                               "from each node's .children")
        for name in saved:
            setattr(Value, name, forbidden)
        try:
            return fn(root)
        finally:
            for name, method in saved.items():
                setattr(Value, name, method)
    return run


def _inner_grads(out):
    """The gradients of the graph's operation nodes below the root, in a fixed order."""
    return [n.grad for n in out.topological_order() if n.children and n is not out]


def _plus_local(root):
    for node in root.topological_order():
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(root.topological_order()):
        for child, local in zip(node.children, node.local_grads):
            child.grad += local


def backward(fn):
    """Check fn(root): fills every node's .grad with d(root)/d(node), like Value.backward().

    Chapter 5's exercise asks for the sweep without topological_order() (Kahn's algorithm).
    The hints read the graph the reader's sweep left behind (the root's gradient, the inner
    nodes' gradients, what the function returned), so that none blames a step done right.
    """
    labels = ["(x + y)·z", "x·y + x (x used twice)", "a node used three times", "a deeper graph"]
    names = ("∂/∂x", "∂/∂y", "∂/∂z")
    expected = [Case((k,), _sweep(_reference, k), label=labels[k], names=names) for k in range(4)]
    reference_inner = []
    for k in range(4):
        out, _ = _graph(k)
        out.backward()
        reference_inner.append(_inner_grads(out))
    left = {}                                   # what the reader's sweep left on its graph

    def student(k):
        out, leaves = _graph(k)
        run = _own_sweep(fn)
        left.update(returned=run(out), first=tuple(leaf.grad for leaf in leaves))
        run(out)                                # twice: the result must not change
        left.update(kind=k, root=out.grad, inner=_inner_grads(out),
                    leaves=tuple(leaf.grad for leaf in leaves))
        return left["leaves"]

    def returned_instead(got, expected, case):
        if left.get("returned") is not None and all(g == 0 for g in left["leaves"]):
            return (f"your function returned a {type(left['returned']).__name__}; the check reads "
                    "each node's .grad, which your sweep should fill in")
        return None

    def root_not_seeded(got, expected, case):
        if left.get("root") != 1.0:
            return (f"after your sweep the root's own .grad is {left['root']!r}; what is "
                    "∂root/∂root?")
        return None

    def nothing_reached(got, expected, case):
        if all(g == 0 for g in left["leaves"]):
            return ("you seeded the root, but nothing reached the inputs: what does each node "
                    "pass on, and whose gradient goes into it?")
        return None

    def inner_missing(got, expected, case):
        ref = reference_inner[left["kind"]]
        if any(g == 0 and r != 0 for g, r in zip(left["inner"], ref)):
            return ("some operation nodes below the root still have .grad 0 after your sweep: "
                    "every node, not only the inputs, must receive its gradient before passing "
                    "it on")
        return None

    def grows(got, expected, case):
        if left["first"] != left["leaves"]:
            return ("run twice, your gradients grow: the second run adds to what the first one "
                    "left in .grad")
        return None

    mistakes = [
        returned_instead,
        root_not_seeded,
        nothing_reached,
        grows,
        inner_missing,
        Mistake(lambda k: _sweep(_overwrite, k),
                "a node used more than once keeps only one contribution: the contributions from "
                "its users must add up"),
        Mistake(lambda k: _sweep(_forward_order, k),
                "a node passed on its gradient before all of its users had passed theirs to it: "
                "which nodes have heard from every user when you visit them?"),
        Mistake(lambda k: _sweep(_plus_local, k),
                "each input received the local derivative alone; the chain rule multiplies it "
                "by the gradient of the node that passes it on"),
        Mistake(lambda k: _sweep(_divide, k),
                "each input should receive local derivative and gradient combined by the chain "
                "rule; yours divides one by the other"),
    ]
    return run_check("backward", student, expected, hints=mistakes)


# ---- a new operation: sin ----------------------------------------------------------------

def _through(sin_fn, x, y):
    """f = sin(x·y)·x + sin(y), built with sin_fn; returns (f, ∂f/∂x, ∂f/∂y) from backward()."""
    xv, yv = Value(x, "x"), Value(y, "y")
    s1, s2 = sin_fn(xv * yv), sin_fn(yv)
    for s in (s1, s2):
        if not isinstance(s, Value):
            raise TypeError(f"sin must return a Value, got {type(s).__name__}")
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
                "sin is not its own derivative: local_grads needs the slope of sin at v"),
        Mistake(lambda x, y: _through(_op(lambda a: -math.cos(a)), x, y),
                "wrong sign: sin rises at v = 0, so its derivative there is positive"),
        Mistake(lambda x, y: _through(_op(lambda a: 1.0), x, y),
                "the local derivative is not 1: sin is not a sum node; give the slope of sin at v"),
    ]
    return run_check("sin_op", lambda x, y: _through(fn, x, y), expected, hints=mistakes,
                     rtol=1e-6, atol=1e-7)
