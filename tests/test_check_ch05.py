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


def test_backward(capsys):
    c = check.ch05.backward
    assert run_check(c, sweep, capsys)[0]
    for fn, hint in [
        (lambda root: root.backward(), "write the sweep yourself"),
        (lambda root: list(root.backward_steps()), "write the sweep yourself"),
        (lambda r: sweep(r, seed=False), "root.grad = 1"),
        (lambda r: sweep(r, reset=False), "set every node's grad to 0"),
        (lambda r: sweep(r, accumulate=False), "+="),
        (lambda r: sweep(r, reverse=False), "reversed(topological_order())"),
        (lambda r: None, "root.grad = 1"),
        (not_attempted, "not attempted"),
        (lambda r: r.children[5], "IndexError"),
    ]:
        ok, out = run_check(c, fn, capsys)
        assert not ok and out.startswith("❌ backward") and hint in out, out


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
