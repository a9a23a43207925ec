"""Activations: values, derivatives against central differences, stability, the lookup table."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import activations as act
from backprop.gradcheck import numerical_gradient, relative_error

ELEMENTWISE = ["identity", "sigmoid", "tanh", "relu"]
H = 1e-6


def away_from_kink(shape, seed=0):
    """Random z in [-3, 3] with |z| ≥ 0.05, so finite differences never straddle relu's kink."""
    rng = np.random.default_rng(seed)
    z = rng.uniform(0.05, 3, shape)
    return z * rng.choice([-1.0, 1.0], shape)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_central_differences_entrywise(name):
    f, df = act.ACTIVATIONS[name]
    z = away_from_kink((7, 5))
    numeric = (f(z + H) - f(z - H)) / (2 * H)
    assert relative_error(df(z), numeric) < 1e-6


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_numerical_gradient_of_a_projection(name):
    """d/dz Σ r ⊙ σ(z) = r ⊙ σ'(z), checked by gradcheck perturbing z itself."""
    f, df = act.ACTIVATIONS[name]
    z = away_from_kink((4, 3), seed=1)
    r = np.random.default_rng(2).normal(size=z.shape)
    numeric = numerical_gradient(lambda: np.sum(r * f(z)), z)
    assert relative_error(r * df(z), numeric) < 1e-6


def test_known_values():
    z = np.array([-2.0, 0.0, 3.0])
    assert np.allclose(act.sigmoid(z), 1 / (1 + np.exp(-z)))
    assert act.sigmoid(0.0) == 0.5
    assert np.array_equal(act.relu(z), [0.0, 0.0, 3.0])
    assert np.array_equal(act.relu_derivative(z), [0.0, 0.0, 1.0])  # 0 at the kink by convention
    assert np.allclose(act.tanh(z), np.tanh(z))
    assert np.array_equal(act.identity(z), z)
    assert np.array_equal(act.identity_derivative(z), np.ones(3))
    assert act.sigmoid_derivative(0.0) == 0.25
    assert act.tanh_derivative(0.0) == 1.0


def test_sigmoid_symmetry_and_tanh_relation():
    z = np.linspace(-20, 20, 41)
    assert np.allclose(act.sigmoid(-z), 1 - act.sigmoid(z), atol=1e-15)
    assert np.allclose(act.tanh(z), 2 * act.sigmoid(2 * z) - 1, atol=1e-15)


@pytest.mark.parametrize("name", ELEMENTWISE + ["softmax"])
def test_functions_return_new_arrays_and_leave_z_alone(name):
    f, df = act.ACTIVATIONS[name]
    z = away_from_kink((3, 4))
    kept = z.copy()
    for fn in (f, df) if df is not None else (f,):
        result = fn(z)
        assert result.shape == z.shape and not np.shares_memory(result, z)
        assert np.array_equal(z, kept)
        with pytest.raises(TypeError):
            fn(z, out=np.empty_like(z))  # no out= argument: every call makes its own array


@pytest.mark.parametrize("name", ELEMENTWISE + ["softmax"])
def test_float32_stays_float32_and_lists_become_float64(name):
    f, df = act.ACTIVATIONS[name]
    z32 = away_from_kink((2, 3)).astype(np.float32)
    assert f(z32).dtype == np.float32
    assert f([[1, 2, 3]]).dtype == np.float64
    if df is not None:
        assert df(z32).dtype == np.float32


def strict():
    """Every NumPy floating-point warning (overflow, divide, invalid) becomes an error."""
    return np.errstate(over="raise", divide="raise", invalid="raise")


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_finite_and_silent_at_plus_minus_1e4(name):
    f, df = act.ACTIVATIONS[name]
    z = np.array([-1e4, -700.0, -1.0, 0.0, 1.0, 700.0, 1e4])
    with warnings.catch_warnings(), strict():
        warnings.simplefilter("error")
        assert np.all(np.isfinite(f(z)))
        assert np.all(np.isfinite(df(z)))


def test_saturated_values_are_exact():
    with strict():
        assert np.array_equal(act.sigmoid(np.array([-1e4, 1e4])), [0.0, 1.0])
        assert np.array_equal(act.sigmoid_derivative(np.array([-1e4, 1e4])), [0.0, 0.0])
        assert np.array_equal(act.tanh_derivative(np.array([-1e4, 1e4])), [0.0, 0.0])
        assert np.array_equal(act.softmax(np.array([[1e4, -1e4, 0.0]])), [[1.0, 0.0, 0.0]])
        assert np.allclose(act.softmax(np.array([1e4, 1e4])), [0.5, 0.5])


def test_softmax_rows_sum_to_one_and_ignore_shifts():
    z = np.random.default_rng(3).normal(size=(5, 4))
    s = act.softmax(z)
    assert np.allclose(s.sum(axis=1), 1)
    assert np.allclose(act.softmax(z + 100.0), s)
    assert np.allclose(act.softmax(z.T, axis=0), s.T)
    assert np.allclose(s, np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))


def test_softmax_temperature():
    z = np.array([[1.0, 2.0, 4.0]])
    assert np.allclose(act.softmax(z, temperature=2.0), act.softmax(z / 2.0))
    hot, cold = act.softmax(z, temperature=100.0), act.softmax(z, temperature=0.01)
    assert np.allclose(hot, 1 / 3, atol=0.01)  # high temperature: nearly uniform
    assert np.allclose(cold, [[0, 0, 1]])  # low temperature: the arg max
    for bad in (0.0, -1.0):
        with pytest.raises(ValueError, match="temperature must be > 0"):
            act.softmax(z, temperature=bad)


@pytest.mark.parametrize("temperature", [1.0, 0.5, 3.0])
def test_softmax_vjp_matches_central_differences(temperature):
    rng = np.random.default_rng(4)
    z = rng.normal(size=(3, 5))
    g = rng.normal(size=(3, 5))
    s = act.softmax(z, temperature=temperature)
    numeric = numerical_gradient(lambda: np.sum(g * act.softmax(z, temperature=temperature)), z)
    assert relative_error(act.softmax_vjp(s, g, temperature=temperature), numeric) < 1e-6


def test_softmax_vjp_equals_full_jacobian_product():
    rng = np.random.default_rng(5)
    z, g = rng.normal(size=4), rng.normal(size=4)
    s = act.softmax(z)
    jacobian = np.diag(s) - np.outer(s, s)
    assert np.allclose(act.softmax_vjp(s, g), g @ jacobian)
    with pytest.raises(ValueError, match=r"s has shape \(4,\) but g has shape \(3,\)"):
        act.softmax_vjp(s, g[:3])


@settings(max_examples=30, deadline=None)
@given(
    rows=st.integers(1, 4),
    cols=st.integers(1, 6),
    scale=st.sampled_from([1.0, 100.0, 1e4]),
    seed=st.integers(0, 2**16),
)
def test_softmax_is_a_distribution_for_any_logits(rows, cols, scale, seed):
    z = scale * np.random.default_rng(seed).uniform(-1, 1, (rows, cols))
    with strict():
        s = act.softmax(z)
    assert np.all(np.isfinite(s)) and np.all(s >= 0)
    assert np.allclose(s.sum(axis=1), 1)


def test_table_and_get():
    assert set(act.ACTIVATIONS) == {"identity", "sigmoid", "tanh", "relu", "softmax"}
    relu = act.get("relu")
    assert relu == act.Activation("relu", act.relu, act.relu_derivative)
    assert act.get(relu) is relu
    assert act.get("softmax").df is None  # not elementwise: use softmax_vjp


def test_get_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown activation 'rellu'.*relu"):
        act.get("rellu")
    with pytest.raises(TypeError, match="activation must be a name"):
        act.get(3)
