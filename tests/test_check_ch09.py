"""Chapter 9 self-checks: right answers pass, typical mistakes get their hint, no answer leaks."""

import math

import numpy as np
import pytest

from backprop.check import ch09
from check_helpers import run_check


def _fa(delta_next, B, z):
    return (delta_next @ B) * (1 - np.tanh(z) ** 2)


def _oja(w, x, lr):
    y = w @ x
    return w + lr * y * (x - y * w)


def _angle(u, v):
    u, v = np.ravel(u), np.ravel(v)
    c = u @ v / (np.linalg.norm(u) * np.linalg.norm(v))
    return float(np.degrees(np.arccos(np.clip(c, -1, 1))))



@pytest.mark.parametrize("check, fn", [(ch09.fa_hidden_delta, _fa), (ch09.oja_step, _oja),
                                       (ch09.angle_degrees, _angle)])
def test_right_answers_pass(check, fn, capsys):
    verdict, out = run_check(check, fn, capsys)
    assert verdict and out.startswith("✅"), out


def _not_done(*args):
    raise NotImplementedError()


@pytest.mark.parametrize("check", [ch09.fa_hidden_delta, ch09.oja_step, ch09.angle_degrees])
def test_not_attempted(check, capsys):
    verdict, out = run_check(check, _not_done, capsys)
    assert not verdict and "not attempted" in out


@pytest.mark.parametrize("wrong, hint", [
    (lambda d, B, z: d @ B, "forgot to multiply by tanh'(z)"),
    (lambda d, B, z: (d @ B) * np.tanh(z), "tanh(z) itself"),
    (lambda d, B, z: (d @ B) * (1 - z ** 2), "squares z"),
    (lambda d, B, z: (d @ B) * (1 - np.tanh(z)), "forgot to square tanh(z)"),
    (lambda d, B, z: -_fa(d, B, z), "wrong sign"),
    (lambda d, B, z: (d @ B) * (z > 0), "ReLU"),
    (lambda d, B, z: np.zeros((1, 1)), "shape"),
])
def test_fa_mistakes_get_their_hint(wrong, hint, capsys):
    verdict, out = run_check(ch09.fa_hidden_delta, wrong, capsys)
    assert not verdict and out.startswith("❌") and hint in out, out


def test_fa_transposed_feedback_raises_and_is_named(capsys):
    transposed = lambda d, B, z: (d @ B.T) * (1 - np.tanh(z) ** 2)  # noqa: E731
    verdict, out = run_check(ch09.fa_hidden_delta, transposed, capsys)
    assert not verdict and "you transposed B" in out and "raised" not in out, out


@pytest.mark.parametrize("wrong, hint", [
    (lambda w, x, lr: w + lr * (w @ x) * x, "plain Hebb"),
    (lambda w, x, lr: w + lr * (w @ x) * (x - w), "missing one factor y"),
    (lambda w, x, lr: w + lr * (w @ x) * (x + (w @ x) * w), "wrong sign"),
    (lambda w, x, lr: (w + lr * (w @ x) * x) / np.linalg.norm(w + lr * (w @ x) * x), "normalising"),
    (lambda w, x, lr: w - lr * (w @ x) * (x - (w @ x) * w), "wrong direction"),
    (lambda w, x, lr: None, "return"),
])
def test_oja_mistakes_get_their_hint(wrong, hint, capsys):
    verdict, out = run_check(ch09.oja_step, wrong, capsys)
    assert not verdict and out.startswith("❌") and hint in out, out


def test_oja_in_place_is_flagged(capsys):
    def in_place(w, x, lr):
        y = w @ x
        w += lr * y * (x - y * w)
        return w
    verdict, out = run_check(ch09.oja_step, in_place, capsys)
    assert not verdict and "in place" in out, out


def _raw_cos(u, v):
    u, v = np.ravel(u), np.ravel(v)
    return u @ v / (np.linalg.norm(u) * np.linalg.norm(v))


@pytest.mark.parametrize("wrong, hint", [
    (lambda u, v: float(np.arccos(np.clip(_raw_cos(u, v), -1, 1))), "radians"),
    (lambda u, v: float(_raw_cos(u, v)), "cosine"),
    (lambda u, v: float(np.degrees(np.arccos(np.clip(np.ravel(u) @ np.ravel(v), -1, 1)))),
     "lengths"),
    (lambda u, v: float(np.degrees(np.arccos(abs(np.clip(_raw_cos(u, v), -1, 1))))), "180°"),
    (lambda u, v: float("nan"), "clip"),
])
def test_angle_mistakes_get_their_hint(wrong, hint, capsys):
    verdict, out = run_check(ch09.angle_degrees, wrong, capsys)
    assert not verdict and out.startswith("❌") and hint in out, out


def test_no_answer_leaks(capsys):
    ch09.angle_degrees(lambda u, v: 12.3456)
    ch09.oja_step(lambda w, x, lr: w * 0 + 0.123456)
    ch09.fa_hidden_delta(lambda d, B, z: np.zeros((d.shape[0], B.shape[1])) + 0.123456)
    out = capsys.readouterr().out.replace("12.3456", "").replace("0.123456", "")
    assert "45" not in out                                   # the first expected angle
    for value in _oja(np.array([0.6, 0.8]), np.array([1.0, 2.0]), 0.1):
        assert f"{value:.3g}" not in out


def _delta(L, Ln, xi, sigma):
    return (Ln - L)[:, None] * xi / (sigma ** 2 * len(L))


def test_perturbation_delta_right_answer_and_not_attempted(capsys):
    verdict, out = run_check(ch09.perturbation_delta, _delta, capsys)
    assert verdict and out.startswith("✅"), out
    verdict, out = run_check(ch09.perturbation_delta, _not_done, capsys)
    assert not verdict and "not attempted" in out


@pytest.mark.parametrize("wrong, hint", [
    (lambda L, Ln, xi, s: (Ln - L)[:, None] * xi / (s * len(L)), "not by σ"),
    (lambda L, Ln, xi, s: (Ln - L)[:, None] * xi / len(L), "variance σ²"),
    (lambda L, Ln, xi, s: -_delta(L, Ln, xi, s), "wrong sign"),
    (lambda L, Ln, xi, s: (Ln - L)[:, None] * xi / s ** 2, "the 1/N of the mean"),
    (lambda L, Ln, xi, s: np.mean(Ln - L) * xi / (s ** 2 * len(L)), "its own ΔL_n"),
    (lambda L, Ln, xi, s: Ln[:, None] * xi / (s ** 2 * len(L)), "not its change"),
    (lambda L, Ln, xi, s: (Ln - L) / s ** 2, "shape"),
])
def test_perturbation_mistakes_get_their_hint(wrong, hint, capsys):
    verdict, out = run_check(ch09.perturbation_delta, wrong, capsys)
    assert not verdict and out.startswith("❌") and hint in out, out


def test_perturbation_check_agrees_with_the_library():
    from backprop import bio, nn
    rng = np.random.default_rng(0)
    model = nn.MLP([3, 1], activation="identity", seed=0)       # one layer: δ̂ ⊗ x = dW
    X, Y = rng.normal(size=(5, 3)), rng.normal(size=(5, 1))
    learner = bio.NodePerturbation(model, sigma=0.1, seed=4)
    dW = learner.estimate(X, Y)[0]
    xi = 0.1 * np.random.default_rng(4).standard_normal((5, 1))
    clean = 0.5 * np.sum((X @ model.layers[0].W.T + model.layers[0].b - Y) ** 2, axis=1)
    noisy = 0.5 * np.sum((X @ model.layers[0].W.T + model.layers[0].b + xi - Y) ** 2, axis=1)
    assert np.allclose(dW, _delta(clean, noisy, xi, 0.1).T @ X)


def test_the_library_s_own_functions_are_refused(capsys):
    from backprop import bio
    ok, out = run_check(ch09.oja_step, lambda w, x, lr: bio.oja_step(w, x, lr), capsys)
    assert not ok and "calls the library's `bio.oja_step`" in out, out
    ok, out = run_check(ch09.angle_degrees, lambda u, v: bio.angle(u, v), capsys)
    assert not ok and "calls the library's `bio.angle`" in out, out


# ---- issue 15, section 3: the slips of a new learner, each named ------------------------


def _tp(z):
    return 1 - np.tanh(z) ** 2


@pytest.mark.parametrize("wrong, hint", [
    (lambda d, B, z: (d @ B) * (1 - np.tanh(z ** 2)), "squares z inside tanh"),
    (lambda d, B, z: (d @ B) / (1 + np.exp(-z)) * (1 - 1 / (1 + np.exp(-z))), "sigmoid's"),
    (lambda d, B, z: _fa(d, B, z) / len(d), "an extra 1/N"),
    (lambda d, B, z: (d @ B) * (1 - math.tanh(z) ** 2), "math.tanh takes one number"),
    (lambda d, B, z: (B @ d) * _tp(z), "wrong order"),
    (lambda d, B, z: (d @ B) @ _tp(z), "became a matrix product"),
])
def test_fa_slips_are_named(wrong, hint, capsys):
    verdict, out = run_check(ch09.fa_hidden_delta, wrong, capsys)
    assert not verdict and hint in out and "raised" not in out, out


@pytest.mark.parametrize("wrong, hint", [
    (lambda w, x, lr: w + lr * (w * x) * (x - (w * x) * w), "your y is an array"),
    (lambda w, x, lr: lr * (w @ x) * (x - (w @ x) * w), "you returned the change"),
    (lambda w, x, lr: w + lr * (w @ x) * x - (w @ x) ** 2 * w, "lacks the learning rate"),
    (lambda w, x, lr: list(_oja(w, x, lr)), "in a Python list"),
])
def test_oja_slips_are_named(wrong, hint, capsys):
    verdict, out = run_check(ch09.oja_step, wrong, capsys)
    assert not verdict and hint in out, out


def _cos(u, v):
    u, v = np.ravel(u), np.ravel(v)
    return u @ v / (np.linalg.norm(u) * np.linalg.norm(v))


@pytest.mark.parametrize("wrong, hint", [
    (lambda u, v: float(np.degrees(np.arccos(_cos(u, v)))), "clip"),   # no guard: NaN
    (lambda u, v: math.degrees(math.acos(_cos(u, v))), "math.acos refused"),
    (lambda u, v: float(np.arccos(np.clip(_cos(u, v), -1, 1)) * np.pi / 180), "the wrong way"),
    (lambda u, v: float(np.degrees(np.arccos(np.clip(
        np.ravel(u) @ np.ravel(v) / np.linalg.norm(u) ** 2, -1, 1)))), "by |u|²"),
    (lambda u, v: float(np.degrees(np.arccos(np.clip(_cos(u, v), 0, 1)))), "to [0, 1]"),
    (lambda u, v: float(np.degrees(np.arcsin(np.clip(_cos(u, v), -1, 1)))), "arcsine"),
    (lambda u, v: np.degrees(np.arccos(np.clip(
        np.sum(u * v, axis=-1) / (np.linalg.norm(u) * np.linalg.norm(v)), -1, 1))),
     "each row of the matrices separately"),
    (lambda u, v: float(np.degrees(np.arccos(np.clip(
        np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v)), -1, 1)))), "np.dot of two"),
])
def test_angle_slips_are_named(wrong, hint, capsys):
    with np.errstate(all="ignore"):
        verdict, out = run_check(ch09.angle_degrees, wrong, capsys)
    assert not verdict and hint in out, out


def test_the_unguarded_cosine_really_rounds_past_one():
    """The statement asks for a guard; one case makes an unguarded arccos fail (exactly)."""
    u = np.array([1.0, 1.0, 1.0])
    assert _cos(u, u) > 1 and _cos(u, -2 * u) < -1


@pytest.mark.parametrize("wrong, hint", [
    (lambda L, Ln, xi, s: (Ln - L) * xi / (s ** 2 * len(L)), "lines up the last axes"),
    (lambda L, Ln, xi, s: (Ln - L)[:, None] * xi / s ** 2 * len(L), "operator precedence"),
    (lambda L, Ln, xi, s: (Ln - L)[:, None] * xi / (s ** 2 * xi.shape[1]), "number of units"),
    (lambda L, Ln, xi, s: ((Ln - L)[:, None] * xi).sum(0) / (s ** 2 * len(L)),
     "summed over the examples"),
])
def test_perturbation_slips_are_named(wrong, hint, capsys):
    verdict, out = run_check(ch09.perturbation_delta, wrong, capsys)
    assert not verdict and hint in out and "constant factor" not in out, out
