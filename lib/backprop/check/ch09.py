"""Self-checks for chapter 9 (could the brain do backprop?)."""

import numpy as np

from .. import bio
from ..bio import angle
from ..bio import oja_step as _oja_step
from . import Mistake, cases, run_check

__all__ = ["fa_hidden_delta", "oja_step", "angle_degrees", "perturbation_delta"]


def _tanh_prime(z):
    return 1.0 - np.tanh(z) ** 2


def _fa_delta(delta_next, B, z):
    return (delta_next @ B) * _tanh_prime(z)


def fa_hidden_delta(fn):
    """Check fn(δ_next, B, z) = (δ_next B) ⊙ tanh'(z), the feedback-alignment hidden δ."""
    rng = np.random.default_rng(909)
    inputs = [(rng.normal(size=(1, 3)), rng.normal(size=(3, 4)), rng.normal(size=(1, 4))),
              (rng.normal(size=(5, 2)), rng.normal(size=(2, 6)), rng.normal(size=(5, 6))),
              (rng.normal(size=(4, 10)), rng.uniform(-0.5, 0.5, (10, 7)),
               2 * rng.normal(size=(4, 7)))]
    labels = ["one example", "a batch of 5, 2 → 6", "a batch of 4, 10 → 7"]
    mistakes = [
        Mistake(lambda d, B, z: d @ B, "you sent δ through B but forgot to multiply by tanh'(z)"),
        Mistake(lambda d, B, z: (d @ B) * np.tanh(z),
                "you multiplied by tanh(z) itself, not by its derivative"),
        Mistake(lambda d, B, z: (d @ B) * (1.0 - z ** 2),
                "your derivative squares z where tanh'(z) squares tanh(z)"),
        Mistake(lambda d, B, z: (d @ B) * (1.0 - np.tanh(z)),
                "tanh'(z) = 1 − tanh(z)²: the tanh is squared"),
        Mistake(lambda d, B, z: -_fa_delta(d, B, z),
                "wrong sign: δ is a derivative of the loss, there is no minus here"),
        Mistake(lambda d, B, z: (d @ B) * (z > 0),
                "this is the ReLU derivative; the hidden layer here uses tanh"),
    ]
    return run_check("fa_hidden_delta", fn, cases(_fa_delta, inputs, labels), hints=mistakes)


def oja_step(fn):
    """Check fn(w, x, lr) = w + η y (x − y w), y = w·x (Oja's rule), without changing w in place."""
    rng = np.random.default_rng(919)
    inputs = [(np.array([0.6, 0.8]), np.array([1.0, 2.0]), 0.1),
              (rng.normal(size=5), rng.normal(size=5), 0.01),
              (0.3 * rng.normal(size=8), rng.normal(size=8), 0.05),
              (np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0]), 0.5)]
    labels = ["2 inputs", "5 inputs", "8 inputs, small w", "x orthogonal to w (y = 0)"]

    def step(w, x, lr):
        return _oja_step(w, x, lr)

    mistakes = [
        Mistake(lambda w, x, lr: w + lr * (w @ x) * x,
                "this is plain Hebb, w + η y x; Oja's rule subtracts the decay η y² w"),
        Mistake(lambda w, x, lr: w + lr * (w @ x) * (x - w),
                "your decay term is missing one factor y: it is η y w, not η y² w"),
        Mistake(lambda w, x, lr: w + lr * (w @ x) * (x + (w @ x) * w),
                "the decay term has the wrong sign: it is x − y w"),
        Mistake(lambda w, x, lr: (w + lr * (w @ x) * x) / np.linalg.norm(w + lr * (w @ x) * x),
                "this is Hebb followed by normalising w; Oja's rule is its first-order version, "
                "with no division"),
        Mistake(lambda w, x, lr: w - lr * (w @ x) * (x - (w @ x) * w),
                "wrong direction: your step was subtracted"),
    ]
    return run_check("oja_step", fn, cases(step, inputs, labels), hints=mistakes,
                     forbid=[(bio, "oja_step"), (bio, "hebb_step")])


def angle_degrees(fn):
    """Check fn(u, v) = the angle in degrees between u and v read as flat vectors."""
    rng = np.random.default_rng(929)
    inputs = [(np.array([1.0, 0.0]), np.array([1.0, 1.0])),
              (rng.normal(size=(3, 4)), rng.normal(size=(3, 4))),
              (np.array([2.0, -1.0, 0.5]), np.array([-4.0, 2.0, -1.0])),
              (np.array([0.1, 0.2, 0.3]), np.array([0.1, 0.2, 0.3])),
              (rng.normal(size=6), 5 * rng.normal(size=6))]
    labels = ["two vectors in the plane", "two 3×4 matrices", "opposite vectors",
              "the same vector twice", "vectors of different lengths"]

    def raw_cos(u, v):
        u, v = np.ravel(u), np.ravel(v)
        return u @ v / (np.linalg.norm(u) * np.linalg.norm(v))

    mistakes = [
        Mistake(lambda u, v: float(np.arccos(np.clip(raw_cos(u, v), -1, 1))),
                "that is the angle in radians; the statement asks for degrees"),
        Mistake(lambda u, v: float(raw_cos(u, v)),
                "that is the cosine of the angle, not the angle"),
        Mistake(lambda u, v: float(np.degrees(np.arccos(np.clip(np.ravel(u) @ np.ravel(v),
                                                                -1, 1)))),
                "the dot product was not divided by the lengths |u| |v|, so it is no cosine"),
        Mistake(lambda u, v: float(np.degrees(np.arccos(np.clip(abs(raw_cos(u, v)), 0, 1)))),
                "the angle between opposite vectors is 180°: do not take the absolute value "
                "of the cosine"),
    ]

    def not_nan_hint(got, expected, case):
        try:
            if np.isnan(float(got)):
                return ("your result is NaN: rounding can push the cosine just past 1, clip it "
                        "to [−1, 1] before np.arccos")
        except (TypeError, ValueError):
            return None
        return None

    return run_check("angle_degrees", fn, cases(angle, inputs, labels),
                     hints=mistakes + [not_nan_hint], atol=1e-6, forbid=[(bio, "angle")])


def _perturbation_delta(loss_clean, loss_noisy, xi, sigma):
    return (loss_noisy - loss_clean)[:, None] * xi / (sigma ** 2 * len(loss_clean))


def perturbation_delta(fn):
    """Check fn(L, L̃, ξ, σ) = (L̃ − L)_n ξ_n / (σ² N): node perturbation's δ̂ for one layer."""
    rng = np.random.default_rng(939)

    def inputs(n, units, sigma):
        clean = rng.uniform(0.1, 2.0, n)
        return clean, clean + 0.01 * rng.normal(size=n), sigma * rng.normal(size=(n, units)), sigma

    args = [inputs(1, 3, 0.1), inputs(4, 5, 0.01), inputs(6, 2, 0.5)]
    labels = ["one example, 3 units", "4 examples, 5 units, σ = 0.01", "6 examples, 2 units"]
    mistakes = [
        Mistake(lambda L, Ln, xi, s: (Ln - L)[:, None] * xi / (s * len(L)),
                "divide by σ², the variance of the noise, not by σ"),
        Mistake(lambda L, Ln, xi, s: (Ln - L)[:, None] * xi / len(L),
                "divide by σ²: the noise has variance σ², and without it the size is off"),
        Mistake(lambda L, Ln, xi, s: (L - Ln)[:, None] * xi / (s ** 2 * len(L)),
                "wrong sign: the reward is L̃ − L, noisy minus clean"),
        Mistake(lambda L, Ln, xi, s: (Ln - L)[:, None] * xi / s ** 2,
                "the loss is the mean over the N examples: divide by N as well"),
        Mistake(lambda L, Ln, xi, s: np.mean(Ln - L) * xi / (s ** 2 * len(L)),
                "each example has its own ΔL_n: multiply row n of ξ by ΔL_n, not by the mean"),
        Mistake(lambda L, Ln, xi, s: Ln[:, None] * xi / (s ** 2 * len(L)),
                "you used the noisy loss L̃ itself, not its change from the clean loss"),
    ]
    return run_check("perturbation_delta", fn, cases(_perturbation_delta, args, labels),
                     hints=mistakes)
