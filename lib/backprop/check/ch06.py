"""Self-checks for chapter 6 (backpropagation in matrix form)."""

import numpy as np

from .. import losses, nn
from ..activations import sigmoid, sigmoid_derivative
from . import Mistake, cases, run_check

__all__ = ["dense_backward", "output_delta", "two_layer_grads"]


def _in_wrong_order(names):
    """A hint for a tuple whose parts are all right but returned in another order."""
    def hint(got, expected, case):
        if not (isinstance(got, (tuple, list)) and len(got) == len(expected)):
            return None
        placed = []
        for g in got:
            try:
                g = np.asarray(g, dtype=float)
            except (TypeError, ValueError):
                return None
            where = [i for i, e in enumerate(expected)
                     if g.shape == e.shape and np.allclose(g, e, rtol=1e-5, atol=1e-8)]
            if not where:
                return None
            placed.append(where)
        if all(i in where for i, where in enumerate(placed)):
            return None
        return (f"each of your results is right, but they come back in another order: "
                f"return ({', '.join(names)})")
    return hint


# ---- dense_backward(A_prev, W, delta) -> (dW, db, dA_prev) ----------------------------


def _dense_backward(A_prev, W, delta):
    """The library's Dense.backward for an identity layer (so δ is the given delta)."""
    layer = nn.Dense(W.shape[1], W.shape[0], activation="identity")
    layer.W[...] = W
    layer.forward(A_prev)
    dA_prev = layer.backward(delta)
    return layer.dW.copy(), layer.db.copy(), dA_prev.copy()


def _with(dW=None, db=None, dA=None):
    """A wrong dense backward: the right answer with one part replaced."""
    def wrong(A_prev, W, delta):
        return (dW(A_prev, W, delta) if dW else delta.T @ A_prev,
                db(A_prev, W, delta) if db else delta.sum(axis=0),
                dA(A_prev, W, delta) if dA else delta @ W)
    return wrong


def dense_backward(fn):
    """Check fn(A_prev, W, delta) = (δᵀ A_prev, Σ_rows δ, δ W).

    Shapes: A_prev (N, n_in), W (n_out, n_in), delta (N, n_out).
    """
    rng = np.random.default_rng(601)
    # (N, n_in, n_out): square W catches transposed products, N = n_out a sum over the wrong axis
    shapes = [(3, 3, 3), (4, 3, 2), (1, 2, 4), (6, 4, 4)]
    inputs = [(rng.normal(size=(n, i)), rng.normal(size=(o, i)), rng.normal(size=(n, o)))
              for n, i, o in shapes]
    labels = [f"{n} examples, {i} inputs, {o} outputs" for n, i, o in shapes]
    mistakes = [
        Mistake(_with(dW=lambda A, W, d: A.T @ d),
                "dW must have W's shape (n_out, n_in): each entry pairs an output's δ with an "
                "input's activation (you have its transpose)"),
        Mistake(_with(dW=lambda A, W, d: d.T @ A / len(A)),
                "dW is divided by N a second time: δ already contains the 1/N of the mean loss"),
        Mistake(_with(dW=lambda A, W, d: d.T @ A / len(A), db=lambda A, W, d: d.mean(axis=0)),
                "dW and db are divided by N a second time: δ already contains the 1/N of the "
                "mean loss"),
        Mistake(_with(db=lambda A, W, d: d.mean(axis=0)),
                "db is averaged over the examples, a second 1/N: δ already contains the 1/N of "
                "the mean loss"),
        Mistake(_with(db=lambda A, W, d: d.sum(axis=1)),
                "db sums over the wrong axis: your sum runs over the output neurons, one entry "
                "per example"),
        Mistake(_with(dA=lambda A, W, d: d @ W.T),
                "dA_prev uses the transpose of W; check the shapes: δ is (N, n_out), W is (n_out,"
                " n_in), dA_prev must be (N, n_in)"),
        Mistake(_with(dA=lambda A, W, d: (W.T @ d.T)),
                "dA_prev is the column form Wᵀδ, one column per example; in the row layout "
                "each example is a row, so the result must have A_prev's shape (N, n_in)"),
    ]

    def wrong_db_shape(got, expected, case):
        if isinstance(got, (tuple, list)) and len(got) == 3:
            db = np.asarray(got[1])
            n, n_out = case.args[2].shape
            if db.shape == (n, n_out) and n > 1:
                return ("db still has one row per example (shape (N, n_out)): nothing was "
                        "summed over the examples")
            if db.shape == (1, n_out):
                return ("db has shape (1, n_out), a row kept by keepdims; the bias is a flat "
                        "vector (n_out,)")
        return None

    return run_check("dense_backward", fn, cases(_dense_backward, inputs, labels,
                                                 names=("dW", "db", "dA_prev")),
                     hints=[_in_wrong_order(("dW", "db", "dA_prev")), *mistakes, wrong_db_shape],
                     forbid=[(nn.Dense, "backward"), (nn.MLP, "backward")])


# ---- output_delta(Z, Y): δ^(L) for a sigmoid output and the mean squared error ----------


def _output_delta(Z, Y):
    return (sigmoid(Z) - Y) / Z.shape[0] * sigmoid_derivative(Z)


def output_delta(fn):
    """Check fn(Z, Y) = δ^(L) = (σ(Z) − Y)/N ⊙ σ'(Z) for L = 1/(2N) Σ (σ(Z) − Y)²."""
    rng = np.random.default_rng(602)
    # the first case has N, K, 2N and N·K all different, so that no divisor mimics another
    shapes = [(3, 4), (4, 1), (1, 3), (8, 2)]
    inputs = [(rng.normal(size=s), rng.uniform(0, 1, size=s)) for s in shapes]
    labels = [f"{n} examples, {k} output{'s' if k > 1 else ''}" for n, k in shapes]
    s = sigmoid
    mistakes = [
        Mistake(lambda Z, Y: (s(Z) - Y) / len(Z),
                "that is dL/da, the gradient with respect to the output a = σ(z); δ is with "
                "respect to z, so multiply by σ'(z) (chain rule)"),
        Mistake(lambda Z, Y: (s(Z) - Y) * sigmoid_derivative(Z),
                "the 1/N of the mean is missing from your δ"),
        Mistake(lambda Z, Y: (Y - s(Z)) / len(Z) * sigmoid_derivative(Z),
                "wrong sign: your error is target minus prediction"),
        Mistake(lambda Z, Y: (Z - Y) / len(Z) * sigmoid_derivative(Z),
                "your error compares z with the target; the prediction is σ(z)"),
        Mistake(lambda Z, Y: (s(Z) - Y) / len(Z) * Z * (1 - Z),
                "σ'(z) = σ(z)(1 − σ(z)) is written with σ(z), not with z itself"),
        Mistake(lambda Z, Y: (s(Z) - Y) / len(Z) * sigmoid_derivative(s(Z)),
                "you applied σ' to the output σ(z), a second σ: σ' is evaluated at z"),
        Mistake(lambda Z, Y: (s(Z) - Y) / Z.size * sigmoid_derivative(Z),
                "you divided by the number of entries N·K, not by the number of examples N (rows)"),
        Mistake(lambda Z, Y: (s(Z) - Y) / Z.shape[1] * sigmoid_derivative(Z),
                "you divided by the number of outputs K (columns); N is the number of examples, "
                "the rows"),
        Mistake(lambda Z, Y: (s(Z) - Y) / len(Z) * (1 - s(Z)),
                "your σ'(z) is missing a factor: σ'(z) = σ(z)(1 − σ(z))"),
        Mistake(lambda Z, Y: (s(Z) - Y) / (2 * len(Z)) * sigmoid_derivative(Z),
                "half too small: the ½ in front of the loss already cancels the 2 from the "
                "square's slope, so nothing is left to halve"),
        Mistake(lambda Z, Y: 2 * (s(Z) - Y) / len(Z) * sigmoid_derivative(Z),
                "twice too large: the loss has a ½ in front, which cancels the 2 from the "
                "square's slope"),
    ]
    return run_check("output_delta", fn, cases(_output_delta, inputs, labels), hints=mistakes)


# ---- two_layer_grads(X, Y, W1, b1, W2, b2): ReLU hidden layer, sigmoid cross-entropy ---


def _two_layer(X, Y, W1, b1, W2, b2, hidden="relu'", output="right", mean=True):
    """Gradients of the mean sigmoid cross-entropy of a ReLU network, with planted mistakes."""
    Z1 = X @ W1.T + b1
    A1 = np.maximum(Z1, 0)
    Z2 = A1 @ W2.T + b2
    D2 = sigmoid(Z2) - Y
    if output == "extra sigma'":
        D2 = D2 * sigmoid_derivative(Z2)
    elif output == "sign":
        D2 = -D2
    elif output == "logits":  # the logits compared with the targets, no sigmoid
        D2 = Z2 - Y
    if mean == "twice":
        D2 = D2 / len(X)
    if mean:
        D2 = D2 / len(X)
    back = D2 @ W2
    if hidden == "relu'":
        D1 = back * (Z1 > 0)
    elif hidden == "none":
        D1 = back
    else:  # "relu of back": the ReLU applied to the backward signal instead of its derivative
        D1 = np.maximum(back, 0)
    return D1.T @ X, D1.sum(axis=0), D2.T @ A1, D2.sum(axis=0)


def _reference_two_layer(X, Y, W1, b1, W2, b2):
    """The library's MLP (ReLU hidden, linear output) with losses.sigmoid_cross_entropy_grad."""
    net = nn.MLP([W1.shape[1], W1.shape[0], W2.shape[0]], activation="relu", output="identity")
    for p, value in zip(net.params, (W1, b1, W2, b2)):
        p[...] = value
    logits = net.forward(X)
    return tuple(g.copy() for g in net.backward(losses.sigmoid_cross_entropy_grad(logits, Y)))


def two_layer_grads(fn):
    """Check fn(X, Y, W1, b1, W2, b2) -> (dW1, db1, dW2, db2).

    The network: a ReLU hidden layer, a linear output of logits, the mean sigmoid cross-entropy.
    """
    rng = np.random.default_rng(603)
    shapes = [(5, 3, 4, 2), (4, 2, 2, 2), (1, 3, 2, 1), (6, 3, 3, 3)]  # (N, n0, n1, n2)
    inputs = [(rng.normal(size=(n, a)), rng.integers(0, 2, size=(n, c)).astype(float),
               rng.normal(size=(b, a)), rng.normal(size=b), rng.normal(size=(c, b)),
               rng.normal(size=c))
              for n, a, b, c in shapes]
    labels = [f"{n} example{'s' if n > 1 else ''}, sizes {a}-{b}-{c}" for n, a, b, c in shapes]
    mistakes = [
        Mistake(lambda *a: _two_layer(*a, output="extra sigma'"),
                "δ⁽²⁾ has an extra factor σ'(z⁽²⁾): with cross-entropy on σ(z) it cancels "
                "(see the exercise 'Sigmoid and cross-entropy cancel')"),
        Mistake(lambda *a: _two_layer(*a, output="sign"),
                "wrong sign: the output's error signal is prediction minus target, not the "
                "other way round"),
        Mistake(lambda *a: _two_layer(*a, hidden="none"),
                "δ⁽¹⁾ is missing the factor relu'(z⁽¹⁾) (1 where z⁽¹⁾ > 0, else 0): "
                "BP2 passes the signal back through the hidden layer's own activation"),
        Mistake(lambda *a: _two_layer(*a, hidden="relu of back"),
                "you applied the ReLU itself to the backward signal; the chain rule needs the "
                "ReLU's derivative at Z⁽¹⁾"),
        Mistake(lambda *a: _two_layer(*a, output="logits"),
                "Δ⁽²⁾ compares the logits Z⁽²⁾ themselves with the targets; the prediction is "
                "σ(Z⁽²⁾)"),
        Mistake(lambda *a: _two_layer(*a, mean="twice"),
                "the gradients are divided by N twice: one 1/N, in Δ⁽²⁾, is all the mean needs"),
        Mistake(lambda *a: _two_layer(*a, mean=False),
                "the gradients are N times too big: the loss is a mean over the N examples, so "
                "Δ⁽²⁾ carries a factor 1/N"),
    ]

    def transposed(got, expected, case):
        if not (isinstance(got, (tuple, list)) and len(got) == 4):
            return None
        for name, g, e in zip(("dW1", "db1", "dW2", "db2"), got, expected):
            try:
                g = np.asarray(g, dtype=float)
            except (TypeError, ValueError):
                return None
            if g.shape == e.shape and g.ndim == 2 and g.shape[0] == g.shape[1] \
                    and not np.allclose(g, e) and np.allclose(g, e.T):
                return f"{name} is transposed: a weight gradient has its W's shape (n_out, n_in)"
        return None

    def which_part(got, expected, case):
        if not (isinstance(got, (tuple, list)) and len(got) == 4):
            return None
        names = ("dW1", "db1", "dW2", "db2")
        try:
            bad = [n for n, g, e in zip(names, got, expected)
                   if np.shape(g) == e.shape and not np.allclose(g, e, rtol=1e-5, atol=1e-8)]
        except (TypeError, ValueError):
            return None
        if bad and set(bad) <= {"dW1", "db1"}:
            return ("the output layer (dW2, db2) is right; the error is in δ⁽¹⁾: "
                    "check BP2, the step from Δ⁽²⁾ down through W⁽²⁾ and relu'")
        return None

    return run_check("two_layer_grads", fn,
                     cases(_reference_two_layer, inputs, labels,
                           names=("dW1", "db1", "dW2", "db2")),
                     hints=[_in_wrong_order(("dW1", "db1", "dW2", "db2")), *mistakes,
                            transposed, which_part],
                     forbid=[(nn.Dense, "backward"), (nn.MLP, "backward")])
