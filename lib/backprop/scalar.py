"""A scalar automatic-differentiation engine: ``Value`` (chapter 5).

Each operation computes its output and, in the same statement, its local
derivatives d(out)/d(input).  ``backward()`` walks the graph once in reverse
topological order and applies the chain rule

    input.grad += local_derivative * out.grad

so every parameter's gradient costs one sweep, whatever the number of parameters.
Each sweep starts by setting the graph's gradients to 0: it computes, it does not add.
"""

import math

from ._checks import is_real

__all__ = ["Value"]


class Value:
    """A number that remembers how it was computed, so gradients can flow back to it."""

    # fixed attributes and no per-node dict: a node takes about a third less memory
    __slots__ = ("data", "grad", "label", "op", "children", "local_grads")

    def __init__(self, data, label="", *, children=(), local_grads=(), op=""):
        """A leaf, ``Value(2.0, "x")``, or an operation's output node.

        children: the input nodes; local_grads: d(out)/d(input) for each input.
        """
        if len(children) != len(local_grads):
            raise ValueError(f"{len(children)} children but {len(local_grads)} "
                             "local_grads: give one local derivative per input")
        self.data = _as_float(data)
        self.grad = 0.0
        self.label = str(label)
        self.op = op
        self.children = tuple(children)
        self.local_grads = tuple(local_grads)

    # ---- the primitive operations, each with its local derivatives ----

    def __add__(self, other):
        other = _as_value(other)
        # d(a + b)/da = 1, d(a + b)/db = 1
        return Value(self.data + other.data, children=(self, other),
                     local_grads=(1.0, 1.0), op="+")

    def __mul__(self, other):
        other = _as_value(other)
        # d(ab)/da = b, d(ab)/db = a: each input gets the other factor
        return Value(self.data * other.data, children=(self, other),
                     local_grads=(other.data, self.data), op="*")

    def __pow__(self, n):
        if not is_real(n):
            raise TypeError(f"Value ** n needs a plain number n, got {type(n).__name__}")
        x, n = self.data, float(n)
        if x == 0 and n < 0:
            raise ValueError(f"0 ** {n:g} is undefined (division by zero)")
        if x < 0 and not n.is_integer():
            raise ValueError(f"negative Value ({x:g}) ** non-integer {n:g} is not a real number")
        if x == 0 and 0 < n < 1:
            raise ValueError(f"the derivative of x ** {n:g} at x = 0 is infinite")
        return Value(x ** n, children=(self,),
                     local_grads=(n * x ** (n - 1) if n != 0 else 0.0,), op=f"**{n:g}")  # n x^(n-1)

    def exp(self):
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise ValueError(f"exp({self.data:g}) overflows a float") from None
        return Value(e, children=(self,), local_grads=(e,), op="exp")  # d exp(x)/dx = exp(x)

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log of a non-positive Value (data={self.data:g})")
        return Value(math.log(self.data), children=(self,),
                     local_grads=(1.0 / self.data,), op="log")  # d log(x)/dx = 1/x

    def tanh(self):
        t = math.tanh(self.data)
        # d tanh(x)/dx = 1 - tanh(x)², from the output t
        return Value(t, children=(self,), local_grads=(1.0 - t * t,), op="tanh")

    def sigmoid(self):
        x = self.data
        s = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
        return Value(s, children=(self,), local_grads=(s * (1.0 - s),), op="σ")  # σ(1 - σ)

    def relu(self):
        x = self.data
        return Value(x if x > 0 else 0.0, children=(self,),
                     local_grads=(1.0 if x > 0 else 0.0,), op="relu")  # 1 if x > 0 else 0

    @staticmethod
    def sum(values):
        """One node for v₁ + v₂ + … + vₙ; each input's local derivative is 1."""
        values = tuple(_as_value(v) for v in values)
        return Value(math.fsum(v.data for v in values), children=values,
                     local_grads=(1.0,) * len(values), op="Σ")

    @staticmethod
    def dot(ws, xs):
        """One node for Σᵢ wᵢ xᵢ; d/dwᵢ = xᵢ and d/dxᵢ = wᵢ."""
        ws, xs = [_as_value(w) for w in ws], [_as_value(x) for x in xs]
        if len(ws) != len(xs):
            raise ValueError(f"Value.dot needs equal lengths, got {len(ws)} and {len(xs)}")
        return Value(math.fsum(w.data * x.data for w, x in zip(ws, xs)),
                     children=(*ws, *xs),
                     local_grads=(*(x.data for x in xs), *(w.data for w in ws)), op="·")

    # ---- compound operations, written with the primitives ----

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-_as_value(other))

    def __truediv__(self, other):
        return self * _as_value(other) ** -1

    def __radd__(self, other):
        return _as_value(other) + self

    def __rsub__(self, other):
        return _as_value(other) - self

    def __rmul__(self, other):
        return _as_value(other) * self

    def __rtruediv__(self, other):
        return _as_value(other) / self

    # ---- the backward pass ----

    def topological_order(self):
        """Every node this Value depends on, each after all of its inputs.

        Depth-first search with an explicit stack, so graphs of any depth work.
        """
        order, visited = [], set()
        stack = [(self, False)]
        while stack:
            node, inputs_done = stack.pop()
            if inputs_done:
                order.append(node)
            elif node not in visited:
                visited.add(node)
                stack.append((node, True))
                # reversed, so that the children are popped left to right
                stack.extend((child, False) for child in reversed(node.children)
                             if child not in visited)
        return order

    def backward_steps(self):
        """Replay backpropagation one node at a time.

        Sets every gradient in the graph to 0 and this node's to 1, then, for
        each node from the output back to the leaves, passes
        ``local * node.grad`` to its inputs and yields the node.
        """
        order = self.topological_order()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            g = node.grad
            for child, local in zip(node.children, node.local_grads):
                child.grad += local * g
            yield node

    def backward(self):
        """Fill ``.grad`` of every node of this graph with d(self)/d(node).

        It first sets every gradient in the graph to 0, so a second call gives
        the same gradients, and the gradients of separate ``backward()`` calls
        do not add up (unlike PyTorch's): to add over examples, sum their losses
        into one Value first. Chapter 5.
        """
        for _ in self.backward_steps():
            pass

    def __repr__(self):
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g}{label})"


def _as_float(x):
    """x as a float, or a TypeError naming what it is."""
    if isinstance(x, Value):
        raise TypeError("Value(...) got a Value; use it directly")
    if not is_real(x):
        raise TypeError(f"Value needs a real number, got {type(x).__name__} {x!r:.40}")
    return float(x)


def _as_value(x):
    """x itself if it is a Value, a constant leaf if it is a real number, else a TypeError."""
    if isinstance(x, Value):
        return x
    if is_real(x):
        return Value(float(x))
    raise TypeError(f"a Value op needs a Value or a real number, got {type(x).__name__} {x!r:.40}")
