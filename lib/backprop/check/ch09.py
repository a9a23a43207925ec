"""Self-checks for chapter 9 (could the brain do backprop?)."""

import math

import numpy as np

from .. import bio
from ..bio import angle
from ..bio import oja_step as _oja_step
from . import Mistake, cases, run_check

__all__ = ["fa_hidden_delta", "oja_step", "angle_degrees", "perturbation_delta"]


def _tanh_prime(z):
    return 1.0 - np.tanh(z) ** 2


def _sigmoid_prime(z):
    s = 1.0 / (1.0 + np.exp(-z))
    return s * (1.0 - s)


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
                "your derivative forgot to square tanh(z)"),
        Mistake(lambda d, B, z: (d @ B) * (1.0 - np.tanh(z ** 2)),
                "your derivative squares z inside tanh; tanh'(z) squares tanh(z) itself"),
        Mistake(lambda d, B, z: (d @ B) * _sigmoid_prime(z),
                "this is the sigmoid's derivative; the hidden layer here uses tanh"),
        Mistake(lambda d, B, z: (d @ B) * (1.0 - math.tanh(z) ** 2),
                "math.tanh takes one number at a time; z is an array, and NumPy's own tanh "
                "works on all its entries at once"),
        Mistake(lambda d, B, z: _fa_delta(d, B, z) / len(d),
                "an extra 1/N: the batch average is already inside δ^(l+1), and sending δ "
                "back through B adds none"),
        Mistake(lambda d, B, z: (d @ B.T) * _tanh_prime(z),
                "you transposed B: with shape (n_{l+1}, n_l) it already takes δ^(l+1)'s "
                "n_{l+1} columns to layer l's n_l"),
        # B δ and (δ B) @ tanh'(z) raise the same error in every case: one hint names both
        Mistake(lambda d, B, z: (B @ d) * _tanh_prime(z),
                "a matrix product whose factors do not fit: either δ^(l+1) and B are in the "
                "wrong order (δ^(l+1) has one row per example), or ⊙, which multiplies entry "
                "by entry, became a matrix product"),
        Mistake(lambda d, B, z: -_fa_delta(d, B, z),
                "wrong sign: δ is a derivative of the loss, there is no minus here"),
        Mistake(lambda d, B, z: (d @ B) * (z > 0),
                "this is the ReLU derivative; the hidden layer here uses tanh"),
    ]
    return run_check("fa_hidden_delta", fn, cases(_fa_delta, inputs, labels), hints=mistakes,
                     forbid=[(bio.FeedbackNet, "backward")])


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
                "the decay term has the wrong sign: yours adds y w inside the bracket"),
        Mistake(lambda w, x, lr: w + lr * (w * x) * (x - (w * x) * w),
                "your y is an array (w * x multiplies entry by entry); y = w·x is one number, "
                "the dot product"),
        Mistake(lambda w, x, lr: lr * (w @ x) * (x - (w @ x) * w),
                "you returned the change η y (x − y w); the statement asks for the new weight "
                "vector"),
        Mistake(lambda w, x, lr: w + lr * (w @ x) * x - (w @ x) ** 2 * w,
                "the decay term lacks the learning rate: η multiplies the whole bracket"),
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
              (np.array([1.0, 1.0, 1.0]), np.array([1.0, 1.0, 1.0])),  # cosine rounds above 1
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
        Mistake(lambda u, v: float(np.arccos(np.clip(raw_cos(u, v), -1, 1)) * np.pi / 180),
                "your conversion runs the wrong way: it turned the radians into even smaller "
                "numbers instead of degrees"),
        Mistake(lambda u, v: float(np.degrees(np.arccos(np.clip(
                    np.ravel(u) @ np.ravel(v) / np.linalg.norm(u) ** 2, -1, 1)))),
                "you divided the dot product by |u|², not by |u| |v|"),
        Mistake(lambda u, v: float(np.degrees(np.arccos(np.clip(raw_cos(u, v), 0, 1)))),
                "you clipped the cosine to [0, 1], which turns every angle above 90° into 90°; "
                "a cosine runs from −1 to 1"),
        Mistake(lambda u, v: float(np.degrees(np.arcsin(np.clip(raw_cos(u, v), -1, 1)))),
                "that is the arcsine of the cosine; the angle is its arccosine"),
        Mistake(lambda u, v: np.degrees(np.arccos(np.clip(
                    np.sum(u * v, axis=-1) / (np.linalg.norm(u) * np.linalg.norm(v)), -1, 1))),
                "your dot product summed each row of the matrices separately; the statement "
                "reads each matrix as one long flat vector"),
        Mistake(lambda u, v: float(np.degrees(np.arccos(np.clip(
                    np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v)), -1, 1)))),
                "np.dot of two matrices is a matrix product, not a dot product; the statement "
                "reads each matrix as one long flat vector"),
        Mistake(lambda u, v: math.degrees(math.acos(raw_cos(u, v))),
                "math.acos refused a cosine that rounding pushed just past ±1"),
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
                "nothing divides by the noise's variance σ², so the size is off"),
        Mistake(lambda L, Ln, xi, s: (L - Ln)[:, None] * xi / (s ** 2 * len(L)),
                "wrong sign: the reward is L̃ − L, noisy minus clean"),
        Mistake(lambda L, Ln, xi, s: (Ln - L)[:, None] * xi / s ** 2,
                "the 1/N of the mean over the N examples is missing"),
        Mistake(lambda L, Ln, xi, s: np.mean(Ln - L) * xi / (s ** 2 * len(L)),
                "you scaled every row of ξ by the mean ΔL over the batch; each example has its "
                "own ΔL_n"),
        Mistake(lambda L, Ln, xi, s: (Ln - L)[:, None] * xi / s ** 2 * len(L),
                "your result is N² times too large: `/ σ² * N` divides by σ² and then "
                "multiplies by N (operator precedence)"),
        Mistake(lambda L, Ln, xi, s: (Ln - L)[:, None] * xi / (s ** 2 * xi.shape[1]),
                "you divided by the number of units n_l (ξ's columns); the 1/N counts the "
                "examples (its rows)"),
        Mistake(lambda L, Ln, xi, s: (Ln - L) * xi / (s ** 2 * len(L)),
                "your (N,) array of ΔL met the (N, n_l) array ξ: NumPy lines up the last "
                "axes, so it cannot scale row n by ΔL_n as it stands"),
        Mistake(lambda L, Ln, xi, s: ((Ln - L)[:, None] * xi).sum(axis=0) / (s ** 2 * len(L)),
                "you summed over the examples; δ̂ keeps one row per example"),
        Mistake(lambda L, Ln, xi, s: Ln[:, None] * xi / (s ** 2 * len(L)),
                "you used the noisy loss L̃ itself, not its change from the clean loss"),
    ]
    return run_check("perturbation_delta", fn, cases(_perturbation_delta, args, labels),
                     hints=mistakes, forbid=[(bio.NodePerturbation, "estimate")])
