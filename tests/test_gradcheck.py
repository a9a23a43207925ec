"""Finite differences, relative error and the gradient-check report."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop.gradcheck import GradientReport, check_gradients, numerical_gradient, relative_error


def test_numerical_gradient_of_a_cubic():
    x = np.array([[0.5, -1.0], [2.0, 0.1]])
    grad = numerical_gradient(lambda: np.sum(x**3), x)
    assert relative_error(grad, 3 * x**2) < 1e-9


def test_numerical_gradient_restores_x_exactly():
    x = np.random.default_rng(0).normal(size=(3, 4))
    before = x.copy()
    numerical_gradient(lambda: np.sum(np.sin(x)), x)
    assert np.array_equal(x, before)


def test_numerical_gradient_restores_x_when_f_raises():
    x = np.array([1.0, 2.0])
    calls = []

    def f():
        calls.append(x.copy())
        if len(calls) == 2:
            raise RuntimeError("boom")
        return float(x.sum())

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(f, x)
    assert np.array_equal(x, [1.0, 2.0])
    assert calls[0][0] == 1.0 + 1e-6 and calls[1][0] == 1.0 - 1e-6  # it did perturb x in place


def test_numerical_gradient_bad_input():
    with pytest.raises(TypeError, match="x must be a float NumPy array, got list"):
        numerical_gradient(lambda: 0.0, [1.0, 2.0])
    with pytest.raises(TypeError, match="x must be a float NumPy array, got array of int64"):
        numerical_gradient(lambda: 0.0, np.arange(3))
    x = np.ones(2)
    with pytest.raises(TypeError, match=r"f\(\) to return one number, got shape \(2,\)"):
        numerical_gradient(lambda: x * 2, x)
    with pytest.raises(ValueError, match="step h must be > 0"):
        numerical_gradient(lambda: 0.0, x, h=0.0)


def test_relative_error():
    a = np.array([1.0, 2.0, 3.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(a, -a) == 1.0
    # scale-free: tiny gradients 0.1 % apart are 0.05 % apart
    assert relative_error(1e-8 * a, 1e-8 * a * (1 + 1e-3)) == pytest.approx(5e-4, rel=1e-3)
    with pytest.raises(ValueError, match=r"a has shape \(3,\) but b has shape \(3, 1\)"):
        relative_error(a, a.reshape(3, 1))


def quadratic_problem(seed=0):
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(3, 3)), rng.normal(size=(2, 2))
    x, y = rng.normal(size=3), rng.normal(size=(2, 2))

    def f():  # f = ½ xᵀAx + Σ B ⊙ y²
        return 0.5 * x @ A @ x + np.sum(B * y**2)

    grads = [0.5 * (A + A.T) @ x, 2 * B * y]
    return f, [x, y], grads


def test_check_gradients_accepts_right_gradients():
    f, params, grads = quadratic_problem()
    report = check_gradients(f, params, grads, names=["x", "y"])
    assert isinstance(report, GradientReport)
    assert report.ok(1e-8) and report.max_error < 1e-8
    text = str(report)
    assert "x" in text and "(2, 2)" in text and "relative error" in text


def test_check_gradients_flags_a_wrong_gradient():
    f, params, grads = quadratic_problem(1)
    grads[1] = -grads[1]  # wrong sign for y
    report = check_gradients(f, params, grads)
    assert not report.ok(1e-6)
    assert report.errors[0] < 1e-8 and report.errors[1] == pytest.approx(1.0)
    assert "param 1" in str(report)


def test_check_gradients_bad_input():
    f, params, grads = quadratic_problem()
    with pytest.raises(ValueError, match="got 1 gradients for 2 parameters"):
        check_gradients(f, params, grads[:1])
    wrong_shape = r"gradient of param 1 has shape \(4,\), parameter has \(2, 2\)"
    with pytest.raises(ValueError, match=wrong_shape):
        check_gradients(f, params, [grads[0], grads[1].ravel()])
    with pytest.raises(ValueError, match="got 1 names for 2 parameters"):
        check_gradients(f, params, grads, names=["x"])
    with pytest.raises(ValueError, match="no parameters"):
        check_gradients(f, [], [])


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 6), seed=st.integers(0, 2**16))
def test_random_quadratics(n, seed):
    rng = np.random.default_rng(seed)
    A, x = rng.normal(size=(n, n)), rng.normal(size=n)
    numeric = numerical_gradient(lambda: 0.5 * x @ A @ x, x)
    assert np.allclose(numeric, 0.5 * (A + A.T) @ x, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_numerical_gradient_refuses_narrow_floats(dtype):
    # float32 rounds x ± 1e-6 to its spacing (1.2e-7 near 1): a correct gradient would
    # report relative errors of 1e-2 to 1e-1, so the check refuses instead of misleading
    x = np.array([0.3, -1.2, 2.0], dtype=dtype)
    message = f"gradient checks need float64, got x of {np.dtype(dtype)}"
    with pytest.raises(TypeError, match=message):
        numerical_gradient(lambda: float(np.sum(x.astype(np.float64) ** 2)), x)
    assert np.array_equal(x, np.array([0.3, -1.2, 2.0], dtype=dtype))   # x left untouched


def test_check_gradients_refuses_a_float32_network_and_passes_it_in_float64():
    from backprop import losses, nn
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    for dtype in (np.float32, np.float64):
        net = nn.MLP([3, 4, 2], activation="tanh", dtype=dtype, seed=1)
        grads = net.backward(losses.mse_grad(net.forward(X), Y))

        def check():
            return check_gradients(lambda: losses.mse(net.forward(X), Y), net.params, grads)
        if dtype is np.float32:
            with pytest.raises(TypeError, match="float64"):
                check()
        else:
            assert check().ok()
