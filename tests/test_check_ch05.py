"""Chapter 5 self-checks: right answers pass, typical mistakes get their hint."""

import math

import pytest

from backprop import Value, check
from check_helpers import run_check


def not_attempted(*args):
    raise NotImplementedError()


def sweep(root, *, reset=True, seed=True, accumulate=True, reverse=True):
    order = root.topological_order()
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


def _times_child_grad(root):
    for node in root.topological_order():
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(root.topological_order()):
        for child, local in zip(node.children, node.local_grads):
            child.grad += local * child.grad


def _returns_dict(root):
    grads = {node: 0.0 for node in root.topological_order()}
    grads[root] = 1.0
    for node in reversed(root.topological_order()):
        for child, local in zip(node.children, node.local_grads):
            grads[child] += local * grads[node]
    return grads


def _leaves_only(root):
    for node in root.topological_order():
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(root.topological_order()):
        for child, local in zip(node.children, node.local_grads):
            if not child.children:
                child.grad += local * node.grad


def _seed_then_reset(root):
    root.grad = 1.0
    for node in root.topological_order():
        node.grad = 0.0
    for node in reversed(root.topological_order()):
        for child, local in zip(node.children, node.local_grads):
            child.grad += local * node.grad


def _local_only(root):
    for node in root.topological_order():
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(root.topological_order()):
        for child, local in zip(node.children, node.local_grads):
            child.grad += local


def test_backward(capsys):
    c = check.ch05.backward
    assert run_check(c, sweep, capsys)[0]
    for fn, hint in [
        (lambda root: root.backward(), "write the sweep yourself"),
        (lambda root: list(root.backward_steps()), "write the sweep yourself"),
        (lambda r: sweep(r, seed=False), "root.grad is 0 when your function finishes"),
        (lambda r: sweep(r, reset=False), "your gradients grow"),
        (lambda r: sweep(r, accumulate=False), "keeps only the last contribution"),
        (lambda r: sweep(r, reverse=False), "from the inputs towards the output"),
        (lambda r: None, "root.grad is 0"),
        # learner.md: each of these was told to seed or to reverse, which it had done
        (_times_child_grad, "holds ∂root/∂root, but nothing reached the inputs"),
        (_returns_dict, "returned a dict"),
        (_leaves_only, "the inner nodes"),
        (_seed_then_reset, "reset after being put there"),
        (_local_only, "unscaled"),
        (not_attempted, "not attempted"),
        (lambda r: r.children[5], "IndexError"),
    ]:
        ok, out = run_check(c, fn, capsys)
        assert not ok and out.startswith("❌ backward") and hint in out, out
        assert "root.grad = 1" not in out and "reversed(" not in out, out  # no code dictated


def _mutates(v):
    d = math.cos(v.data)
    v.data = math.sin(v.data)
    v.children, v.local_grads, v.op = (Value(0.0),), (d,), "sin"
    return v


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
        (with_local(math.sin), "its own derivative"),
        (with_local(lambda a: -math.cos(a)), "wrong sign"),
        (with_local(lambda a: 1.0), "is 1 at every v"),
        (with_local(lambda a: 2 * math.cos(a)), "wrong"),
        (lambda v: math.sin(v.data), "must return a new Value"),
        # learner.md: these passed, or got a raw error or a hint about a 1 never written
        (lambda v: Value(math.sin(v.data), children=(v,), local_grads=(math.cos(v.data),)),
         "op=\"sin\""),
        (_mutates, "changed the node it was given"),
        (lambda v: Value(math.sin(v.data), children=(v,), local_grads=(math.cos(v.data)),
                         op="sin"), "a tuple of one needs a comma"),
        (lambda v: Value(math.sin(v.data), children=(v.data,), local_grads=(math.cos(v.data),),
                         op="sin"), "not their numbers"),
        (not_attempted, "not attempted"),
    ]:
        ok, out = run_check(c, fn, capsys)
        assert not ok and out.startswith("❌ sin_op") and hint in out, out


@pytest.mark.parametrize("checker", ["backward", "sin_op"])
def test_checks_never_raise_for_garbage(capsys, checker):
    for fn in [42, lambda *a: "text", lambda *a: 1 / 0]:
        ok, out = run_check(getattr(check.ch05, checker), fn, capsys)
        assert not ok and out.startswith("❌")
