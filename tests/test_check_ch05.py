"""Chapter 5 self-checks: right answers pass, typical mistakes get their hint."""

import math

import pytest

from backprop import Value, check
from check_helpers import run_check


def not_attempted(*args):
    raise NotImplementedError()


def kahn(root):
    """The exercise's answer: the order from counting each node's users (Kahn's algorithm)."""
    users, stack, seen = {}, [root], {root}
    while stack:
        node = stack.pop()
        node.grad = 0.0
        for child in node.children:
            users[child] = users.get(child, 0) + 1
            if child not in seen:
                seen.add(child)
                stack.append(child)
    root.grad = 1.0
    ready = [root]
    while ready:
        node = ready.pop()
        for child, local in zip(node.children, node.local_grads):
            child.grad += local * node.grad
            users[child] -= 1
            if users[child] == 0:
                ready.append(child)


def order_of(root):
    """A topological order found without the library's topological_order (for the slips)."""
    order, seen = [], set()

    def visit(node):
        if node not in seen:
            seen.add(node)
            for child in node.children:
                visit(child)
            order.append(node)
    visit(root)
    return order


def sweep(root, *, reset=True, seed=True, accumulate=True, reverse=True):
    order = order_of(root)
    if reset:
        for node in order:
            node.grad = 0.0
    if seed:
        root.grad = 1.0
    for node in (reversed(order) if reverse else order):
        for child, local in zip(node.children, node.local_grads):
            if accumulate:
                child.grad += local * node.grad
            else:
                child.grad = local * node.grad


def test_backward(capsys):
    c = check.ch05.backward
    assert run_check(c, kahn, capsys)[0]
    assert run_check(c, sweep, capsys)[0]        # any correct order passes
    for fn, hint in [
        (lambda root: root.backward(), "find the order yourself"),
        (lambda root: list(root.backward_steps()), "find the order yourself"),
        (lambda root: root.topological_order(), "find the order yourself"),
        (lambda r: sweep(r, seed=False), "∂root/∂root"),
        (lambda r: sweep(r, reset=False), "adds to what the first one"),
        (lambda r: sweep(r, accumulate=False), "must add up"),
        (lambda r: sweep(r, reverse=False), "heard from every user"),
        (lambda r: None, "∂root/∂root"),
        (not_attempted, "not attempted"),
        (lambda r: r.children[5], "IndexError"),
    ]:
        ok, out = run_check(c, fn, capsys)
        assert not ok and out.startswith("❌ backward") and hint in out, out
    # slips diagnosed from the graph the sweep left behind (the learner report's probes)
    def own_gradient(root):                      # multiplies by the child's gradient
        sweep(root)
        for node in order_of(root):
            node.grad = 0.0
        root.grad = 1.0
        for node in reversed(order_of(root)):
            for child, local in zip(node.children, node.local_grads):
                child.grad += local * child.grad

    def returns_dict(root):
        grads = {root: 1.0}
        for node in reversed(order_of(root)):
            for child, local in zip(node.children, node.local_grads):
                grads[child] = grads.get(child, 0.0) + local * grads[node]
        return grads

    def leaves_only(root):
        for node in order_of(root):
            node.grad = 0.0
        root.grad = 1.0
        for node in reversed(order_of(root)):
            for child, local in zip(node.children, node.local_grads):
                if not child.children:
                    child.grad += local * node.grad

    def plus_local(root):
        for node in order_of(root):
            node.grad = 0.0
        root.grad = 1.0
        for node in reversed(order_of(root)):
            for child, local in zip(node.children, node.local_grads):
                child.grad += local

    for fn, hint, not_blamed in [
        (own_gradient, "nothing reached the inputs", "∂root/∂root"),
        (returns_dict, "the check reads each node's .grad", "heard from"),
        (leaves_only, "not only the inputs", "heard from"),
        (plus_local, "local derivative alone", "∂root/∂root"),
    ]:
        ok, out = run_check(c, fn, capsys)
        assert not ok and hint in out and not_blamed not in out, out
    # no hint blames the seed or the order of a sweep that got both right but forgot to add up
    ok, out = run_check(c, lambda r: sweep(r, accumulate=False), capsys)
    assert "∂root/∂root" not in out and "heard from" not in out


def sin_value(v):
    return Value(math.sin(v.data), children=(v,), local_grads=(math.cos(v.data),), op="sin")


def test_sin_op(capsys):
    c = check.ch05.sin_op
    assert run_check(c, sin_value, capsys)[0]

    def sin_set_afterwards(v):          # the attribute-by-attribute way also works
        out = Value(math.sin(v.data))
        out.children, out.local_grads, out.op = (v,), (math.cos(v.data),), "sin"
        return out
    assert run_check(c, sin_set_afterwards, capsys)[0]
    assert run_check(c, lambda v: Value(math.sin(v.data), children=(v,),
                                        local_grads=(math.cos(v.data),), op="sin"), capsys)[0]

    def with_local(local):
        def sin(v):
            out = sin_value(v)
            out.local_grads = (local(v.data),)
            return out
        return sin

    for fn, hint in [
        (lambda v: Value(math.sin(v.data)), "record its input in .children"),
        (with_local(math.sin), "not its own derivative"),
        (with_local(lambda a: -math.cos(a)), "wrong sign"),
        (with_local(lambda a: 1.0), "not 1"),
        (with_local(lambda a: 2 * math.cos(a)), "wrong"),
        (lambda v: math.sin(v.data), "must return a Value"),
        (not_attempted, "not attempted"),
    ]:
        ok, out = run_check(c, fn, capsys)
        assert not ok and out.startswith("❌ sin_op") and hint in out, out


@pytest.mark.parametrize("checker", ["backward", "sin_op"])
def test_checks_never_raise_for_garbage(capsys, checker):
    for fn in [42, lambda *a: "text", lambda *a: 1 / 0]:
        ok, out = run_check(getattr(check.ch05, checker), fn, capsys)
        assert not ok and out.startswith("❌")
