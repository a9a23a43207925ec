"""Chapter 6 self-checks: right answers pass, mistakes get their hint, answers stay hidden."""

import re

import numpy as np
import pytest

from backprop import check
from backprop.activations import sigmoid, sigmoid_derivative
from check_helpers import run_check

# ---- right answers, written the way a reader would -------------------------------------


def dense_backward(A_prev, W, delta):
    return delta.T @ A_prev, delta.sum(axis=0), delta @ W


def output_delta(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    return (A - Y) / Z.shape[0] * A * (1 - A)


def two_layer_grads(X, Y, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = np.maximum(Z1, 0)
    P = 1 / (1 + np.exp(-(A1 @ W2.T + b2)))
    D2 = (P - Y) / len(X)
    D1 = (D2 @ W2) * (Z1 > 0)
    return D1.T @ X, D1.sum(axis=0), D2.T @ A1, D2.sum(axis=0)



@pytest.mark.parametrize("checker, fn", [
    (check.ch06.dense_backward, dense_backward),
    (check.ch06.output_delta, output_delta),
    (check.ch06.two_layer_grads, two_layer_grads),
])
def test_right_answers_pass(checker, fn, capsys):
    ok, out = run_check(checker, fn, capsys)
    assert ok and out.startswith("✅"), out


@pytest.mark.parametrize("checker", [check.ch06.dense_backward, check.ch06.output_delta,
                                     check.ch06.two_layer_grads])
def test_not_attempted(checker, capsys):
    def stub(*args):
        raise NotImplementedError()
    ok, out = run_check(checker, stub, capsys)
    assert not ok and "not attempted" in out


DENSE_MISTAKES = [
    (lambda A, W, d: (A.T @ d, d.sum(0), d @ W), "transpose"),
    (lambda A, W, d: (d.T @ A / len(A), d.sum(0), d @ W), "divided by N"),
    (lambda A, W, d: (d.T @ A, d.mean(0), d @ W), "averaged"),
    (lambda A, W, d: (d.T @ A, d.sum(1) if d.shape[0] == d.shape[1] else d.sum(0), d @ W),
     "wrong axis"),
    (lambda A, W, d: (d.T @ A, d, d @ W), "one row per example"),
    (lambda A, W, d: (d.T @ A, d.sum(0, keepdims=True), d @ W), "a row kept by keepdims"),
    (lambda A, W, d: (d.T @ A, d.sum(0), d @ W.T), "uses the transpose of W"),
    (lambda A, W, d: (d.T @ A, d.sum(0), W.T @ d.T), "each example is a row"),
    (lambda A, W, d: (d.T @ A, d.sum(0)), "expected 3 return values"),
    (lambda A, W, d: (d.T @ A, -d.sum(0), d @ W), "wrong sign"),
]


@pytest.mark.parametrize("fn, hint", DENSE_MISTAKES)
def test_dense_backward_hints(fn, hint, capsys):
    ok, out = run_check(check.ch06.dense_backward, fn, capsys)
    assert not ok and out.startswith("❌") and hint in out, out


S = sigmoid
OUTPUT_MISTAKES = [
    (lambda Z, Y: (S(Z) - Y) / len(Z), "multiply by σ'(z)"),
    (lambda Z, Y: (S(Z) - Y) * sigmoid_derivative(Z), "1/N of the mean is missing"),
    (lambda Z, Y: (Y - S(Z)) / len(Z) * sigmoid_derivative(Z), "wrong sign"),
    (lambda Z, Y: (Z - Y) / len(Z) * sigmoid_derivative(Z), "the prediction is σ(z)"),
    (lambda Z, Y: (S(Z) - Y) / len(Z) * Z * (1 - Z), "not with z itself"),
    (lambda Z, Y: (S(Z) - Y) / len(Z) * sigmoid_derivative(S(Z)), "applied σ' to the output"),
    (lambda Z, Y: (S(Z) - Y) / Z.size * sigmoid_derivative(Z), "number of examples N (rows)"),
    (lambda Z, Y: ((S(Z) - Y) / len(Z) * sigmoid_derivative(Z)).sum(axis=1), "expected shape"),
    (lambda Z, Y: None, "returned None"),
]


@pytest.mark.parametrize("fn, hint", OUTPUT_MISTAKES)
def test_output_delta_hints(fn, hint, capsys):
    ok, out = run_check(check.ch06.output_delta, fn, capsys)
    assert not ok and hint in out, out


def _relu_net(X, Y, W1, b1, W2, b2, out=lambda D2, Z2: D2, hidden=lambda back, Z1: back * (Z1 > 0),
              n=None):
    Z1 = X @ W1.T + b1
    A1 = np.maximum(Z1, 0)
    Z2 = A1 @ W2.T + b2
    D2 = out(sigmoid(Z2) - Y, Z2) / (n or len(X))
    D1 = hidden(D2 @ W2, Z1)
    return D1.T @ X, D1.sum(axis=0), D2.T @ A1, D2.sum(axis=0)


def transposed_dW2(*args):
    dW1, db1, dW2, db2 = two_layer_grads(*args)
    return dW1, db1, (dW2.T if dW2.shape[0] == dW2.shape[1] else dW2), db2


def wrong_db2(*args):
    dW1, db1, dW2, db2 = two_layer_grads(*args)
    return dW1, db1, dW2, 2 * db2


def tanh_hidden(X, Y, W1, b1, W2, b2):
    return _relu_net(X, Y, W1, b1, W2, b2, hidden=lambda back, Z1: back * (1 - np.tanh(Z1) ** 2))


@pytest.mark.parametrize("fn, hint", [
    (lambda *a: _relu_net(*a, out=lambda D2, Z2: D2 * sigmoid_derivative(Z2)), "extra factor σ'"),
    (lambda *a: _relu_net(*a, out=lambda D2, Z2: -D2), "wrong sign"),
    (lambda *a: _relu_net(*a, hidden=lambda back, Z1: back), "missing the factor relu'"),
    (lambda *a: _relu_net(*a, hidden=lambda back, Z1: np.maximum(back, 0)),
     "applied the ReLU itself to the backward signal"),
    (lambda *a: _relu_net(*a, n=1), "N times too big"),
    (transposed_dW2, "dW2 is transposed"),
    (tanh_hidden, "the error is in δ⁽¹⁾"),
    (wrong_db2, "in the return value `db2`"),
    (lambda *a: (0, 0, 0, 0), "expected shape"),
])
def test_two_layer_grads_hints(fn, hint, capsys):
    ok, out = run_check(check.ch06.two_layer_grads, fn, capsys)
    assert not ok and hint in out, out


def test_a_raising_function_is_reported_not_raised(capsys):
    ok, out = run_check(check.ch06.dense_backward, lambda A, W, d: (A @ np.ones(7), 0, 0), capsys)
    assert not ok and "raised ValueError" in out


def test_the_expected_answer_is_never_printed(capsys):
    """No hint shows a number from the expected results (checked on every wrong answer above)."""
    rng = np.random.default_rng(601)  # the first case of check.ch06.dense_backward
    A, W, d = rng.normal(size=(3, 3)), rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    expected = np.concatenate([(d.T @ A).ravel(), d.sum(0), (d @ W).ravel()])
    shown = []
    for fn, _ in DENSE_MISTAKES:
        check.ch06.dense_backward(fn)
        shown.append(capsys.readouterr().out)
    for fn, _ in OUTPUT_MISTAKES:
        check.ch06.output_delta(fn)
        shown.append(capsys.readouterr().out)
    text = "\n".join(shown)
    numbers = set(re.findall(r"-?\d+\.\d+", text))
    for value in expected:
        assert f"{value:.2f}" not in numbers and f"{value:.3f}" not in numbers
    assert not re.search(r"\d\.\d{3,}", text), text


def test_the_library_s_own_backward_is_refused(capsys):
    """issue 15: an answer that calls the backward pass the exercise asks for must not pass."""
    from backprop import nn

    def library_dense(A_prev, W, delta):
        layer = nn.Dense(W.shape[1], W.shape[0], activation="identity")
        layer.W[...] = W
        layer.forward(A_prev)
        dA = layer.backward(delta)
        return layer.dW, layer.db, dA
    ok, out = run_check(check.ch06.dense_backward, library_dense, capsys)
    assert not ok and "calls the library's `Dense.backward`" in out, out
    assert nn.Dense.backward.__name__ == "backward"   # restored afterwards


# ---- slips found by trying the exercises as a learner (issue 15, section 3) -------------

def _sig(Z):
    return 1 / (1 + np.exp(-Z))


@pytest.mark.parametrize("fn, hint", [
    (lambda A, W, d: (d.sum(axis=0), d.T @ A, d @ W), "come back in another order"),
    (lambda A, W, d: (d.T @ A / len(A), d.mean(axis=0), d @ W), "dW and db are divided by N"),
])
def test_dense_backward_more_slips(fn, hint, capsys):
    verdict, out = run_check(check.ch06.dense_backward, fn, capsys)
    assert not verdict and hint in out, out
    assert "one row per example" not in out           # no blame for a sum done right


@pytest.mark.parametrize("fn, hint", [
    (lambda Z, Y: (_sig(Z) - Y) / Z.shape[1] * sigmoid_derivative(Z), "number of outputs K"),
    (lambda Z, Y: (_sig(Z) - Y) / len(Z) * (1 - _sig(Z)), "σ'(z) is missing a factor"),
    (lambda Z, Y: (_sig(Z) - Y) / (2 * len(Z)) * sigmoid_derivative(Z), "half too small"),
    (lambda Z, Y: 2 * (_sig(Z) - Y) / len(Z) * sigmoid_derivative(Z), "twice too large"),
    (lambda Z, Y: (_sig(Z) - Y) * sigmoid_derivative(Z), "1/N of the mean is missing"),
])
def test_output_delta_divisors_are_told_apart(fn, hint, capsys):
    verdict, out = run_check(check.ch06.output_delta, fn, capsys)
    assert not verdict and hint in out, out


@pytest.mark.parametrize("fn, hint", [
    (lambda *a: _relu_net(*a, out=lambda D2, Z2: Z2 - (_sig(Z2) - D2)), "logits Z⁽²⁾ themselves"),
    (lambda *a: _relu_net(*a, out=lambda D2, Z2: D2 / len(Z2)), "divided by N twice"),
    (lambda *a: tuple(two_layer_grads(*a)[i] for i in (2, 3, 0, 1)), "another order"),
    (lambda *a: tuple(g.reshape(1, -1) if g.ndim == 1 else g for g in two_layer_grads(*a)),
     "keepdims=True?"),
])
def test_two_layer_grads_more_slips(fn, hint, capsys):
    verdict, out = run_check(check.ch06.two_layer_grads, fn, capsys)
    assert not verdict and hint in out, out
