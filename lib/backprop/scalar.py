"""A scalar automatic-differentiation engine: ``Value`` (chapter 5).

Each operation computes its output and, in the line right below, its local
derivatives d(out)/d(input).  ``backward()`` walks the graph once in reverse
topological order and applies the chain rule

    input.grad += local_derivative * out.grad

so every parameter's gradient costs one sweep, whatever the number of parameters.
"""

import math
from numbers import Real

__all__ = ["Value"]


class Value:
    """A number that remembers how it was computed, so gradients can flow back to it."""

    __slots__ = ("data", "grad", "label", "op", "children", "local_grads")

    def __init__(self, data, label=""):
        if isinstance(data, Value):
            raise TypeError("Value(...) got a Value; use it directly")
        if isinstance(data, bool) or not isinstance(data, Real):
            raise TypeError(f"Value needs a real number, got {type(data).__name__} {data!r:.40}")
        self.data = float(data)
        self.grad = 0.0
        self.label = str(label)
        self.op = ""
        self.children = ()
        self.local_grads = ()

    @classmethod
    def _result(cls, data, children, local_grads, op):
        """An op's output node: its inputs and d(out)/d(input) for each of them."""
        out = cls.__new__(cls)
        out.data = data
        out.grad = 0.0
        out.label = ""
        out.op = op
        out.children = children
        out.local_grads = local_grads
        return out

    # ---- the primitive operations, each with its local derivatives ----

    def __add__(self, other):
        other = _as_value(other)
        return Value._result(self.data + other.data, (self, other),
                             (1.0, 1.0), "+")  # d(a+b)/da = 1, d(a+b)/db = 1

    def __mul__(self, other):
        other = _as_value(other)
        return Value._result(self.data * other.data, (self, other),
                             (other.data, self.data), "*")  # d(ab)/da = b, d(ab)/db = a

    def __pow__(self, n):
        if isinstance(n, Value) or isinstance(n, bool) or not isinstance(n, Real):
            raise TypeError(f"Value ** n needs a plain number n, got {type(n).__name__}")
        x, n = self.data, float(n)
        if x == 0 and n < 0:
            raise ValueError(f"0 ** {n:g} is undefined (division by zero)")
        if x < 0 and not n.is_integer():
            raise ValueError(f"negative Value ({x:g}) ** non-integer {n:g} is not a real number")
        if x == 0 and 0 < n < 1:
            raise ValueError(f"the derivative of x ** {n:g} at x = 0 is infinite")
        return Value._result(x ** n, (self,),
                             (n * x ** (n - 1) if n != 0 else 0.0,), f"**{n:g}")  # n x^(n-1)

    def exp(self):
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise ValueError(f"exp({self.data:g}) overflows a float") from None
        return Value._result(e, (self,), (e,), "exp")  # d exp(x)/dx = exp(x)

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log of a non-positive Value (data={self.data:g})")
        return Value._result(math.log(self.data), (self,), (1.0 / self.data,), "log")  # 1/x

    def tanh(self):
        t = math.tanh(self.data)
        return Value._result(t, (self,), (1.0 - t * t,), "tanh")  # 1 - tanh²

    def sigmoid(self):
        x = self.data
        s = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
        return Value._result(s, (self,), (s * (1.0 - s),), "σ")  # σ(1 - σ)

    def relu(self):
        x = self.data
        return Value._result(x if x > 0 else 0.0, (self,),
                             (1.0 if x > 0 else 0.0,), "relu")  # 1 if x > 0 else 0

    @staticmethod
    def sum(values):
        """One node for v₁ + v₂ + … + vₙ; each input's local derivative is 1."""
        values = tuple(_as_value(v) for v in values)
        return Value._result(math.fsum(v.data for v in values), values,
                             (1.0,) * len(values), "Σ")

    @staticmethod
    def dot(ws, xs):
        """One node for Σᵢ wᵢ xᵢ; d/dwᵢ = xᵢ and d/dxᵢ = wᵢ."""
        ws, xs = [_as_value(w) for w in ws], [_as_value(x) for x in xs]
        if len(ws) != len(xs):
            raise ValueError(f"Value.dot needs equal lengths, got {len(ws)} and {len(xs)}")
        return Value._result(sum(w.data * x.data for w, x in zip(ws, xs)),
                             (*ws, *xs),
                             (*(x.data for x in xs), *(w.data for w in ws)), "·")

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
        """Every node this Value depends on, each after all of its inputs (leaves first).

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
                stack.extend((child, False) for child in node.children if child not in visited)
        return order

    def backward_steps(self):
        """Replay backpropagation one node at a time.

        Sets every gradient in the graph to 0 and this node's to 1, then, for each node
        from the output back to the leaves, passes ``local * node.grad`` to its inputs
        and yields the node.
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
        """Fill ``.grad`` of every node with d(self)/d(node). Calling it again gives the same."""
        for _ in self.backward_steps():
            pass

    def __repr__(self):
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g}{label})"


def _as_value(x):
    """x itself if it is a Value, a constant leaf if it is a real number, else a TypeError."""
    if isinstance(x, Value):
        return x
    if type(x) is float or type(x) is int or (isinstance(x, Real) and not isinstance(x, bool)):
        return Value._result(float(x), (), (), "")
    raise TypeError(f"a Value op needs a Value or a real number, got {type(x).__name__} {x!r:.40}")
