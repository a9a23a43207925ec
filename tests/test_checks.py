"""backprop._checks: one set of argument checks, a TypeError for a wrong type, a ValueError
for a wrong value, in every module."""

import re
from pathlib import Path

import numpy as np
import pytest

import backprop
from backprop import _checks, bio, classic, data, nn, optim, svm, train

LIB = Path(backprop.__file__).parent


@pytest.mark.parametrize("value, minimum, maximum, error, words", [
    (1.5, 1, None, TypeError, "n must be a positive integer, got float 1.5"),
    (True, 1, None, TypeError, "n must be a positive integer, got bool True"),
    ("3", 0, None, TypeError, "n must be a non-negative integer, got str '3'"),
    (0, 1, None, ValueError, "n must be a positive integer, got 0"),
    (-1, 0, None, ValueError, "n must be a non-negative integer, got -1"),
    (2, 3, None, ValueError, "n must be at least 3, got 2"),
    (9, -7, 7, ValueError, "n must be an integer between -7 and 7, got 9"),
    (9.0, -7, 7, TypeError, "n must be an integer between -7 and 7, got float 9.0"),
])
def test_integer_refuses_with_the_right_error(value, minimum, maximum, error, words):
    with pytest.raises(error, match=re.escape(words)):
        _checks.integer(value, "n", minimum=minimum, maximum=maximum)


def test_integer_and_real_give_back_plain_python_numbers():
    assert type(_checks.integer(np.int64(3), "n", minimum=1)) is int
    assert type(_checks.real(np.float32(0.5), "x")) is float
    assert _checks.real(np.inf, "blowup", 1, low_open=True, finite=False) == np.inf


@pytest.mark.parametrize("value, low, high, options, error, words", [
    ("0.1", 0, None, {}, TypeError, "x must be a real number, got str '0.1'"),
    (False, None, None, {}, TypeError, "x must be a real number, got bool False"),
    (np.array([1.0]), None, None, {}, TypeError, "x must be a real number, got ndarray"),
    (float("nan"), None, None, {}, ValueError, "x must be finite, got nan"),
    (np.inf, 0, None, {}, ValueError, "x must be finite, got inf"),
    (-0.1, 0, None, {}, ValueError, "x must be >= 0, got -0.1"),
    (0.0, 0, None, {"low_open": True}, ValueError, "x must be > 0, got 0.0"),
    (1.0, 0, 1, {"high_open": True}, ValueError, "x must lie in [0, 1), got 1.0"),
    (5.0, -4.0, 4.0, {}, ValueError, "x must lie in [-4, 4], got 5.0"),
    (2.0, None, 1, {}, ValueError, "x must be <= 1, got 2.0"),
])
def test_real_refuses_with_the_right_error(value, low, high, options, error, words):
    with pytest.raises(error, match=re.escape(words)):
        _checks.real(value, "x", low, high, **options)


def test_interval_one_of_seed_dtype_and_float_array():
    assert _checks.interval((0, 1), "r") == (0.0, 1.0)
    with pytest.raises(TypeError, match=r"r must be a pair \(low, high\)"):
        _checks.interval(3, "r")
    with pytest.raises(ValueError, match="r must have low < high"):
        _checks.interval((1, 1), "r")
    with pytest.raises(ValueError, match=r"rule must be one of \('a', 'b'\), got 'c'"):
        _checks.one_of("c", "rule", ("a", "b"))
    assert _checks.seed(None) is None and _checks.seed(np.int64(4)) == 4
    with pytest.raises(TypeError, match="seed must be None or a non-negative integer"):
        _checks.seed(1.0)
    with pytest.raises(ValueError, match="seed must be None or a non-negative integer, got -2"):
        _checks.seed(-2)
    assert _checks.flag(np.bool_(True), "skip") is True
    with pytest.raises(TypeError, match="skip must be True or False, got int 1"):
        _checks.flag(1, "skip")
    assert _checks.float_dtype("float32") == np.float32
    with pytest.raises(TypeError, match="dtype must be float32 or float64, got int64"):
        _checks.float_dtype(np.int64)
    with pytest.raises(TypeError, match=r"p must be a float NumPy array \(in place\), got list"):
        _checks.float_array([1.0], "p", " (in place)")


@pytest.mark.parametrize("call, error", [
    (lambda: nn.MLP([2, 2.0, 1]), TypeError),
    (lambda: nn.MLP([2, 0, 1]), ValueError),
    (lambda: optim.SGD([np.zeros(2)], lr="0.1"), TypeError),
    (lambda: optim.SGD([np.zeros(2)], lr=-1.0), ValueError),
    (lambda: data.moons(n="100"), TypeError),
    (lambda: data.moons(n=1), ValueError),
    (lambda: list(train.minibatches(10, 2.0)), TypeError),
    (lambda: list(train.minibatches(10, 0)), ValueError),
    (lambda: classic.perceptron_update(np.zeros(2), 0.0, np.ones(2), 1, lr=True), TypeError),
    (lambda: classic.perceptron_update(np.zeros(2), 0.0, np.ones(2), 1, lr=0.0), ValueError),
    (lambda: bio.oja(np.ones((3, 2)), epochs=2.0), TypeError),
    (lambda: bio.oja(np.ones((3, 2)), epochs=-2), ValueError),
    (lambda: svm.fit(np.ones((2, 2)), [0, 1], C=True), TypeError),
    (lambda: svm.fit(np.ones((2, 2)), [0, 1], C=0.0), ValueError),
])
def test_every_module_raises_typeerror_for_a_type_and_valueerror_for_a_value(call, error):
    with pytest.raises(error):
        call()


def test_no_module_writes_its_own_number_check():
    """The idiom `isinstance(x, bool) or not isinstance(x, Real)` lives in _checks alone."""
    idiom = re.compile(r"isinstance\([^)]*,\s*bool\)|isinstance\([^)]*,\s*(Real|Integral)\)")
    offenders = [f"{path.relative_to(LIB)}:{i}"
                 for path in sorted(LIB.rglob("*.py")) if path.name != "_checks.py"
                 for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if idiom.search(line)]
    assert offenders == []
