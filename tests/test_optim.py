"""Optimizers: update rules against hand-computed steps, in-place updates, bad input."""

import numpy as np
import pytest

from backprop import losses, nn, optim

# One parameter p = 1, gradients 0.5 then −0.25, learning rate 0.1 (the same for every rule).
P0, G1, G2, LR = 1.0, 0.5, -0.25, 0.1


def two_steps(opt_class, **kwargs):
    p = np.array([P0])
    opt = opt_class([p], lr=LR, **kwargs)
    after = []
    for g in (G1, G2):
        opt.step([np.array([g])])
        after.append(p[0])
    return after


def test_sgd_step_is_p_minus_lr_g():
    rng = np.random.default_rng(0)
    params = [rng.normal(size=(3, 2)), rng.normal(size=3)]
    grads = [rng.normal(size=(3, 2)), rng.normal(size=3)]
    expected = [p - 0.05 * g for p, g in zip(params, grads)]
    arrays = [p for p in params]
    optim.SGD(params, lr=0.05).step(grads)
    assert all(np.array_equal(p, e) for p, e in zip(params, expected))
    assert all(p is a for p, a in zip(params, arrays))  # updated in place


def test_sgd_two_steps():
    # p1 = 1 − 0.1·0.5 = 0.95;  p2 = 0.95 − 0.1·(−0.25) = 0.975
    assert two_steps(optim.SGD) == pytest.approx([0.95, 0.975], abs=1e-15)


def test_momentum_two_steps():
    # v1 = −0.1·0.5 = −0.05, p1 = 0.95
    # v2 = 0.9·(−0.05) − 0.1·(−0.25) = −0.045 + 0.025 = −0.02, p2 = 0.93
    assert two_steps(optim.Momentum, momentum=0.9) == pytest.approx([0.95, 0.93], abs=1e-15)


def test_adam_two_steps():
    # t=1: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25: p1 = 1 − 0.1·0.5/(0.5 + 1e-8) = 0.900000002
    # t=2: m = 0.045 − 0.025 = 0.02, v = 0.00024975 + 0.0000625 = 0.00031225,
    #      m̂ = 0.02/0.19, v̂ = 0.00031225/0.001999: p2 = p1 − 0.1·m̂/(√v̂ + 1e-8) = 0.873366299
    p1, p2 = two_steps(optim.Adam, betas=(0.9, 0.999), eps=1e-8)
    assert p1 == pytest.approx(0.900000002, abs=1e-12)
    assert p2 == pytest.approx(0.873366299, abs=1e-9)


def test_adamw_two_steps():
    # decay first, p ← p (1 − 0.1·0.1), then the same Adam step as above:
    # p1 = 0.99 − 0.099999998 = 0.890000002;  p2 = 0.99·p1 − 0.026633703 = 0.854466299
    p1, p2 = two_steps(optim.AdamW, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)
    assert p1 == pytest.approx(0.890000002, abs=1e-12)
    assert p2 == pytest.approx(0.854466299, abs=1e-9)


def test_adamw_decay_is_decoupled_from_the_gradient_scaling():
    """AdamW shrinks p by η λ p outside Adam's normalisation; Adam + L2 (g + λp) normalises it."""
    lr, wd = 0.01, 0.01
    # With a zero loss gradient, AdamW only decays: p ← p (1 − ηλ) exactly.
    p = np.array([1.0, -2.0])
    adamw = optim.AdamW([p], lr=lr, weight_decay=wd)
    adamw.step([np.zeros(2)])
    assert np.allclose(p, [1.0 * (1 - lr * wd), -2.0 * (1 - lr * wd)], rtol=0, atol=1e-15)
    # Adam fed the L2 gradient λp takes a full normalised step of ≈ η towards 0, whatever λ is.
    q = np.array([1.0, -2.0])
    adam = optim.Adam([q], lr=lr)
    adam.step([wd * q])
    assert np.allclose(q, [1.0 - lr, -2.0 + lr], atol=1e-8)
    # Same loss gradient g for both: they differ by exactly the decay term η λ p.
    g = np.array([0.3, -0.7])
    p, q = np.array([1.0, -2.0]), np.array([1.0, -2.0])
    optim.AdamW([p], lr=lr, weight_decay=wd).step([g])
    optim.Adam([q], lr=lr).step([g])
    assert np.allclose(p - q, -lr * wd * np.array([1.0, -2.0]), atol=1e-15)
    # ... whereas Adam + L2 with that g barely notices λ (the step is still ≈ η sign(g + λp))
    r = np.array([1.0, -2.0])
    optim.Adam([r], lr=lr).step([g + wd * r])
    assert np.allclose(r, q, atol=1e-6)
    assert not np.allclose(p, q, atol=1e-6)


def test_zero_state_forgets_the_past():
    p = np.array([1.0, 2.0])
    adam = optim.Adam([p], lr=0.1)
    adam.step([np.array([1.0, -1.0])])
    adam.zero_state()
    assert adam.t == 0 and not adam.m[0].any() and not adam.v[0].any()
    before = p.copy()
    adam.step([np.array([0.5, 0.5])])
    fresh = before.copy()
    optim.Adam([fresh], lr=0.1).step([np.array([0.5, 0.5])])
    assert np.array_equal(p, fresh)
    mom = optim.Momentum([p], lr=0.1)
    mom.step([np.ones(2)])
    mom.zero_state()
    assert not mom.velocity[0].any()


@pytest.mark.parametrize("opt_class", [optim.SGD, optim.Momentum, optim.Adam, optim.AdamW])
def test_optimizers_update_an_mlp_in_place_and_lower_the_loss(opt_class):
    rng = np.random.default_rng(1)
    net = nn.MLP([3, 8, 2], activation="tanh", seed=0)
    X, Y = rng.normal(size=(20, 3)), rng.normal(size=(20, 2))
    opt = opt_class(net.params, lr=0.01)
    first = net.params[0]
    start = losses.mse(net.forward(X), Y)
    for _ in range(50):
        opt.step(net.backward(losses.mse_grad(net.forward(X), Y)))
    assert net.params[0] is first
    assert losses.mse(net.forward(X), Y) < 0.9 * start


def test_float32_parameters_stay_float32():
    p = np.ones(3, dtype=np.float32)
    optim.Adam([p], lr=0.1).step([np.ones(3)])
    assert p.dtype == np.float32
    assert np.allclose(p, 0.9)


@pytest.mark.parametrize("opt_class", [optim.SGD, optim.Momentum, optim.Adam, optim.AdamW])
def test_mismatched_gradients_are_refused(opt_class):
    params = [np.zeros((3, 2)), np.zeros(3)]
    opt = opt_class(params, lr=0.1)
    count = f"{opt_class.__name__}.step got 1 gradients for 2 parameters"
    with pytest.raises(ValueError, match=count):
        opt.step([np.zeros((3, 2))])
    column = r"gradient 1 has shape \(3, 1\) but parameter 1 has shape \(3,\)"
    with pytest.raises(ValueError, match=column):
        opt.step([np.zeros((3, 2)), np.zeros((3, 1))])
    transposed = r"gradient 0 has shape \(2, 3\) but parameter 0 has shape \(3, 2\)"
    with pytest.raises(ValueError, match=transposed):
        opt.step([np.zeros((2, 3)), np.zeros(3)])
    assert not params[0].any()  # nothing was updated


def test_bad_parameters_and_hyperparameters():
    with pytest.raises(TypeError, match="parameter 0 must be a float NumPy array.*got list"):
        optim.SGD([[1.0, 2.0]], lr=0.1)
    with pytest.raises(TypeError, match="parameter 0 must be a float NumPy array.*int64"):
        optim.SGD([np.arange(3)], lr=0.1)
    with pytest.raises(ValueError, match="empty list of parameters"):
        optim.SGD([], lr=0.1)
    with pytest.raises(ValueError, match=r"lr must be >= 0, got -0.1"):
        optim.SGD([np.zeros(2)], lr=-0.1)
    with pytest.raises(TypeError, match="lr must be a real number, got str"):
        optim.SGD([np.zeros(2)], lr="0.1")
    with pytest.raises(ValueError, match="lr must be finite, got nan"):
        optim.SGD([np.zeros(2)], lr=float("nan"))
    with pytest.raises(ValueError, match=r"momentum must lie in \[0, 1\), got 1.0"):
        optim.Momentum([np.zeros(2)], lr=0.1, momentum=1.0)
    with pytest.raises(ValueError, match="each beta must lie in"):
        optim.Adam([np.zeros(2)], betas=(0.9, 1.0))
    with pytest.raises(ValueError, match="eps must be > 0, got 0.0"):
        optim.Adam([np.zeros(2)], eps=0.0)
    with pytest.raises(ValueError, match="weight_decay must be >= 0, got -1.0"):
        optim.AdamW([np.zeros(2)], weight_decay=-1.0)


def test_adamw_lambda_is_the_papers_divided_by_the_step_size():
    # Loshchilov & Hutter (Alg. 2, schedule factor 1): w ← w − (α m̂/(√v̂ + ε) + λ_paper w);
    # the library (as PyTorch) decays by (1 − η λ) with η = α, so λ = λ_paper / α.
    alpha, lam_paper = 1e-3, 0.05
    rng = np.random.default_rng(7)
    w_lib, grads = rng.normal(size=4), rng.normal(size=(30, 4))
    w_paper, m, v = w_lib.copy(), np.zeros(4), np.zeros(4)
    opt = optim.AdamW([w_lib], lr=alpha, weight_decay=lam_paper / alpha)
    for t, g in enumerate(grads, start=1):
        opt.step([g])
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g**2
        m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
        w_paper = w_paper - (alpha * m_hat / (np.sqrt(v_hat) + 1e-8) + lam_paper * w_paper)
    assert np.allclose(w_lib, w_paper, rtol=1e-12, atol=1e-14)
    assert "λ_paper / α" in optim.AdamW.__doc__
