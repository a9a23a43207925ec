"""Argument checks shared by every module of the library.

One rule everywhere: an argument of the wrong type raises ``TypeError``, one of the right
type with a wrong value raises ``ValueError``. Each message names the argument, says what
it must be and shows what it got. Each check returns the value in the form the caller
computes with (an ``int``, a ``float``, a NumPy dtype).
"""

import math
from numbers import Integral, Real

import numpy as np


def shown(value, width=40):
    """``value``'s type and repr, cut to ``width`` characters, for a message."""
    return f"{type(value).__name__} {value!r:.{width}}"


def is_real(value):
    """True for a real number (an int, a float, a NumPy scalar), False for True and False."""
    return isinstance(value, Real) and not isinstance(value, bool)


def _integer_kind(minimum):
    if minimum == 1:
        return "a positive integer"
    if minimum == 0:
        return "a non-negative integer"
    return "an integer"


def integer(value, name, minimum=None, maximum=None):
    """``value`` as an int: a TypeError unless it is an integer (True and False are not)."""
    what = _integer_kind(minimum)
    if minimum is not None and maximum is not None:
        what = f"an integer between {minimum} and {maximum}"
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be {what}, got {shown(value)}")
    if maximum is not None and minimum is not None and not minimum <= value <= maximum:
        raise ValueError(f"{name} must be {what}, got {value}")
    if minimum is not None and value < minimum:
        if minimum in (0, 1):
            raise ValueError(f"{name} must be {what}, got {value}")
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {value}")
    return int(value)


def real(value, name, low=None, high=None, *, low_open=False, high_open=False, finite=True):
    """``value`` as a finite float in the interval from ``low`` to ``high`` (each optional).

    ``low_open``/``high_open`` leave that end out: ``real(lr, "lr", 0, low_open=True)``
    accepts every lr > 0. A TypeError unless ``value`` is a real number (True and False
    are not); a ValueError if it is NaN, infinite (unless ``finite=False``) or outside
    the interval.
    """
    if not is_real(value):
        raise TypeError(f"{name} must be a real number, got {shown(value)}")
    value = float(value)
    if math.isnan(value) or (finite and math.isinf(value)):
        raise ValueError(f"{name} must be finite, got {value}")
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        raise ValueError(f"{name} must {_interval_text(low, high, low_open, high_open)}, "
                         f"got {value}")
    return value


def _interval_text(low, high, low_open, high_open):
    if low is not None and high is not None:
        left, right = "(" if low_open else "[", ")" if high_open else "]"
        return f"lie in {left}{low:g}, {high:g}{right}"
    if low is not None:
        return f"be {'>' if low_open else '>='} {low:g}"
    return f"be {'<' if high_open else '<='} {high:g}"


def interval(bounds, name):
    """A pair (low, high) of finite floats with low < high."""
    try:
        low, high = bounds
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a pair (low, high), got {bounds!r:.60}") from None
    low, high = real(low, f"{name}[0]"), real(high, f"{name}[1]")
    if not low < high:
        raise ValueError(f"{name} must have low < high, got ({low}, {high})")
    return low, high


def flag(value, name):
    """``value`` if it is True or False (a TypeError otherwise: 1 and "yes" are not)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {shown(value)}")
    return bool(value)


def one_of(value, name, choices):
    """``value`` itself if it is one of ``choices``, else a ValueError that lists them."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {tuple(choices)}, got {value!r}")
    return value


def seed(value, name="seed"):
    """None (fresh entropy) or a non-negative integer seed, as ``seeds.rng`` takes it."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be None or a non-negative integer, got {shown(value)}")
    if value < 0:
        raise ValueError(f"{name} must be None or a non-negative integer, got {value}")
    return int(value)


def float_dtype(dtype):
    """``dtype`` as np.float32 or np.float64; a TypeError for any other."""
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise TypeError(f"dtype must be float32 or float64, got {dtype}")
    return dtype


def float_array(value, name, why=""):
    """``value`` itself if it is a float NumPy array (one that can be updated in place)."""
    if not isinstance(value, np.ndarray) or value.dtype.kind != "f":
        kind = f"array of {value.dtype}" if isinstance(value, np.ndarray) else type(value).__name__
        raise TypeError(f"{name} must be a float NumPy array{why}, got {kind}")
    return value
