"""backprop.bio: feedback alignment (fixed and learned), node perturbation, Oja (chapter 9)."""

import numpy as np
import pytest

from backprop import bio, data, losses, nn, optim
from backprop.gradcheck import numerical_gradient

RNG = np.random.default_rng(0)
X = RNG.normal(size=(7, 4))
G = RNG.normal(size=(7, 3))


def _net(rule, sizes=(4, 6, 5, 3), activation="tanh", **options):
    return bio.FeedbackNet(nn.MLP(list(sizes), activation=activation, seed=1), rule, seed=2,
                           **options)


def _grads(net, X=X, G=G):
    net.forward(X)
    return [g.copy() for g in net.backward(G)]


def test_bp_rule_is_backprop_and_matches_finite_differences():
    net = _net("bp")
    grads = _grads(net)
    model = nn.MLP([4, 6, 5, 3], activation="tanh", seed=1)
    model.forward(X)
    assert all(np.allclose(a, b) for a, b in zip(grads, model.backward(G), strict=True))
    Y = RNG.normal(size=(7, 3))
    net.forward(X)
    grads = [g.copy() for g in net.backward(losses.mse_grad(net.forward(X), Y))]
    for p, g in zip(net.params, grads, strict=True):
        num = numerical_gradient(lambda: losses.mse(net.predict(X), Y), p)
        assert np.allclose(num, g, atol=1e-7)


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_fa_with_forward_weights_as_feedback_is_backprop(activation):
    model = nn.MLP([4, 6, 5, 3], activation=activation, seed=1)
    feedback = [layer.W.copy() for layer in model.layers[1:]]
    fa = bio.FeedbackNet(model, "fa", feedback=feedback)
    got = _grads(fa)
    want = _grads(_net("bp", activation=activation))
    assert all(np.allclose(a, b) for a, b in zip(got, want, strict=True))


def test_fa_hidden_deltas_follow_the_equation():
    net = _net("fa")
    _grads(net)
    layers = net.model.layers
    d3 = layers[2].delta
    d2 = (d3 @ net.feedback[1]) * (1 - np.tanh(layers[1].z) ** 2)
    d1 = (d2 @ net.feedback[0]) * (1 - np.tanh(layers[0].z) ** 2)
    assert np.allclose(net.deltas[1], d2) and np.allclose(net.deltas[0], d1)
    assert np.allclose(net.grads[0], d1.T @ X) and np.allclose(net.grads[1], d1.sum(axis=0))


def test_dfa_sends_the_output_error_to_every_layer():
    net = _net("dfa")
    _grads(net)
    assert [B.shape for B in net.feedback] == [(3, 6), (3, 5)]
    layers = net.model.layers
    d3 = layers[2].delta
    for i in range(2):
        expected = (d3 @ net.feedback[i]) * (1 - np.tanh(layers[i].z) ** 2)
        assert np.allclose(net.deltas[i], expected)


def test_output_layer_update_is_the_same_for_every_rule():
    ref = _grads(_net("bp"))
    for rule in ("fa", "dfa", "sign", "last"):
        got = _grads(_net(rule))
        assert np.allclose(got[4], ref[4]) and np.allclose(got[5], ref[5])


def test_fa_and_dfa_agree_with_one_hidden_layer():
    fa, dfa = _net("fa", sizes=(4, 6, 3)), _net("dfa", sizes=(4, 6, 3))
    assert all(np.allclose(a, b) for a, b in zip(_grads(fa), _grads(dfa), strict=True))


def test_last_rule_freezes_hidden_layers():
    net = _net("last")
    grads = _grads(net)
    assert all(np.all(g == 0) for g in grads[:4]) and np.any(grads[4] != 0)
    assert net.feedback == []
    with pytest.raises(ValueError, match="no signal"):
        net.signal_angles()


def test_default_feedback_scale_and_explicit_scale():
    net = _net("fa", sizes=(30, 20, 10), activation="identity")
    std = nn.init_std("identity", 20, 10)
    assert np.abs(net.feedback[0]).max() <= np.sqrt(3) * std
    assert abs(net.feedback[0].std() - std) < 0.25 * std
    net = _net("fa", sizes=(30, 20, 10), scale=0.5)
    assert 0.4 < np.abs(net.feedback[0]).max() <= 0.5


def test_same_seed_same_feedback():
    a, b = _net("fa"), _net("fa")
    assert all(np.array_equal(x, y) for x, y in zip(a.feedback, b.feedback, strict=True))


def test_signal_and_weight_angles():
    net = _net("fa")
    _grads(net)
    angles = net.signal_angles()
    assert len(angles) == 2 and all(0 <= a <= 180 for a in angles)
    bp = net.backprop_deltas()
    assert np.isclose(angles[1], bio.angle(net.deltas[1], bp[1]))
    assert len(net.weight_angles()) == 2
    bp_net = _net("bp")
    _grads(bp_net)
    assert np.allclose(bp_net.signal_angles(), 0, atol=1e-5)
    with pytest.raises(ValueError, match="only for rules 'fa', 'kp' and 'sign'"):
        _net("dfa").weight_angles()


def test_fa_learns_a_linear_map_and_aligns():
    rng = np.random.default_rng(3)
    T = rng.uniform(-1, 1, (5, 8))
    net = bio.FeedbackNet(nn.MLP([8, 6, 5], activation="identity", seed=0), "fa", seed=4)
    for layer in net.model.layers:
        layer.W *= 0.01
    opt = optim.SGD(net.params, lr=0.02)
    X_test = rng.normal(size=(100, 8))
    start = losses.mse(net.predict(X_test), X_test @ T.T)
    for _ in range(400):
        Xb = rng.normal(size=(20, 8))
        opt.step(net.backward(losses.mse_grad(net.forward(Xb), Xb @ T.T)))
    assert losses.mse(net.predict(X_test), X_test @ T.T) < 1e-3 * start
    assert net.weight_angles()[0] < 60


def test_params_are_the_models_and_predict_leaves_state():
    net = _net("fa")
    assert all(p is q for p, q in zip(net.params, net.model.params, strict=True))
    net.forward(X)
    z = net.model.layers[0].z.copy()
    net.predict(RNG.normal(size=(3, 4)))
    assert np.array_equal(net.model.layers[0].z, z)
    assert "rule='fa'" in repr(net)


def test_bad_inputs():
    model = nn.MLP([4, 6, 3], seed=0)
    with pytest.raises(TypeError, match="nn.MLP"):
        bio.FeedbackNet("net")
    with pytest.raises(ValueError, match="rule must be one of"):
        bio.FeedbackNet(model, "hebb")
    with pytest.raises(ValueError, match="shapes"):
        bio.FeedbackNet(model, "fa", feedback=[np.zeros((6, 3))])
    with pytest.raises(ValueError, match="NaN"):
        bio.FeedbackNet(model, "fa", feedback=[np.full((3, 6), np.nan)])
    for scale in (0, -1, np.inf):
        with pytest.raises(ValueError, match="scale"):
            bio.FeedbackNet(model, "fa", scale=scale)
    for scale in (True, "big"):
        with pytest.raises(TypeError, match="scale must be a real number"):
            bio.FeedbackNet(model, "fa", scale=scale)
    net = bio.FeedbackNet(nn.MLP([4, 6, 3], seed=0), "fa")
    with pytest.raises(RuntimeError, match="forward"):
        net.backward(np.zeros((2, 3)))
    with pytest.raises(RuntimeError, match="forward"):
        net.backprop_deltas()
    net.forward(X)
    with pytest.raises(ValueError, match=r"\(7, 4\)|\(7, 3\)"):
        net.backward(np.zeros((7, 4)))


def test_angle():
    assert np.isclose(bio.angle([1, 0], [1, 1]), 45)
    assert np.isclose(bio.angle([1, 2, 3], [-2, -4, -6]), 180)
    assert bio.angle([0.1, 0.2, 0.3], [0.1, 0.2, 0.3]) == pytest.approx(0, abs=1e-6)
    assert np.isclose(bio.angle(np.eye(2), [[0, 1], [1, 0]]), 90)
    with pytest.raises(ValueError, match="same size"):
        bio.angle([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="zero vector"):
        bio.angle([0, 0], [1, 2])
    with pytest.raises(ValueError, match="NaN"):
        bio.angle([np.nan, 0], [1, 2])


def test_hebb_and_oja_steps():
    w, x = np.array([0.6, 0.8]), np.array([1.0, 2.0])
    y = w @ x
    assert np.allclose(bio.hebb_step(w, x, 0.1), w + 0.1 * y * x)
    assert np.allclose(bio.oja_step(w, x, 0.1), w + 0.1 * y * (x - y * w))
    assert np.array_equal(w, [0.6, 0.8])                         # not changed in place
    # Oja's rule is Hebb followed by normalisation, to first order in η
    eta = 1e-5
    hebb = bio.hebb_step(w, x, eta)
    assert np.allclose(hebb / np.linalg.norm(hebb), bio.oja_step(w, x, eta), atol=1e-8)


def test_oja_finds_the_top_principal_component():
    rng = np.random.default_rng(5)
    A = rng.normal(size=(5, 5))
    X = rng.normal(size=(2000, 5)) @ np.diag([3, 1.5, 1, 0.5, 0.2]) @ np.linalg.qr(A)[0].T
    X -= X.mean(axis=0)
    top = np.linalg.eigh(X.T @ X / len(X))[1][:, -1]
    path = bio.oja(X, lr=0.005, epochs=3, seed=0)
    assert path.shape == (3 * 2000 + 1, 5)
    w = path[-1]
    assert abs(w @ top) / np.linalg.norm(w) > 0.99 and abs(np.linalg.norm(w) - 1) < 0.02
    assert np.array_equal(bio.oja(X, lr=0.005, epochs=1, seed=0),
                          bio.oja(X, lr=0.005, epochs=1, seed=0))
    w0 = np.ones(5)
    assert np.array_equal(bio.oja(X, lr=0.01, epochs=0, w0=w0)[0], w0)


def test_oja_bad_inputs():
    with pytest.raises(ValueError, match="shapes"):
        bio.oja_step(np.ones(3), np.ones(2), 0.1)
    with pytest.raises(ValueError, match="lr"):
        bio.oja_step(np.ones(2), np.ones(2), 0)
    with pytest.raises(ValueError, match="lr"):
        bio.hebb_step(np.ones(2), np.ones(2), np.nan)
    with pytest.raises(ValueError, match="shape"):
        bio.oja(np.ones(5))
    with pytest.raises(ValueError, match="NaN"):
        bio.oja(np.array([[1.0, np.nan]]))
    with pytest.raises(TypeError, match="epochs must be a non-negative integer, got float"):
        bio.oja(np.ones((3, 2)), epochs=1.5)
    with pytest.raises(ValueError, match="epochs must be a non-negative integer, got -1"):
        bio.oja(np.ones((3, 2)), epochs=-1)
    with pytest.raises(ValueError, match="shapes"):
        bio.oja(np.ones((3, 2)), w0=np.ones(3))
    with np.errstate(all="ignore"), pytest.raises(FloatingPointError, match="smaller step"):
        bio.oja(100 * np.ones((50, 2)), lr=10.0, epochs=3)


# ---- Kolen–Pollack: learned feedback ---------------------------------------------------

def test_kp_hidden_deltas_are_fa_deltas_and_feedback_gets_ws_update():
    kp, fa = _net("kp"), _net("fa")
    assert all(np.array_equal(a, b) for a, b in zip(kp.feedback, fa.feedback, strict=True))
    got, want = _grads(kp), _grads(fa)
    assert len(got) == 6 + 2 and len(kp.params) == 8
    assert all(np.allclose(a, b) for a, b in zip(got[:6], want, strict=True))
    assert np.allclose(got[6], got[2]) and np.allclose(got[7], got[4])   # ΔB = ΔW
    assert kp.params[6] is kp.feedback[0] and kp.params[7] is kp.feedback[1]


def test_decay_adds_lambda_w_and_lambda_b():
    kp, plain = _net("kp", decay=0.1), _net("kp")
    got, want = _grads(kp), _grads(plain)
    W = [layer.W for layer in kp.model.layers]
    for i in range(3):
        assert np.allclose(got[2 * i], want[2 * i] + 0.1 * W[i])
        assert np.allclose(got[2 * i + 1], want[2 * i + 1])           # no decay on biases
    for j in range(2):
        assert np.allclose(got[6 + j], want[2 * (j + 1)] + 0.1 * kp.feedback[j])
    bp, bp_plain = _net("bp", decay=0.1), _net("bp")
    assert np.allclose(_grads(bp)[0], _grads(bp_plain)[0] + 0.1 * bp.model.layers[0].W)
    last = _net("last", decay=0.1)
    assert np.all(_grads(last)[0] == 0)                                # frozen stays frozen


def test_kp_difference_w_minus_b_shrinks_geometrically():
    net = _net("kp", decay=0.5)
    opt = optim.SGD(net.params, lr=0.1)
    gap0 = [layer.W - B for layer, B in zip(net.model.layers[1:], net.feedback, strict=True)]
    for _ in range(5):
        opt.step(_grads(net))
    for g0, layer, B in zip(gap0, net.model.layers[1:], net.feedback, strict=True):
        assert np.allclose(layer.W - B, (1 - 0.1 * 0.5) ** 5 * g0)


def test_kp_learns_a_small_task_and_aligns():
    rng = np.random.default_rng(3)
    T = rng.uniform(-1, 1, (5, 8))
    net = bio.FeedbackNet(nn.MLP([8, 6, 5], activation="identity", seed=0), "kp", seed=4,
                          decay=0.05)
    opt = optim.SGD(net.params, lr=0.05)
    X_test = rng.normal(size=(100, 8))
    start = losses.mse(net.predict(X_test), X_test @ T.T)
    assert net.weight_angles()[0] > 70
    for _ in range(600):
        Xb = rng.normal(size=(20, 8))
        opt.step(net.backward(losses.mse_grad(net.forward(Xb), Xb @ T.T)))
    assert losses.mse(net.predict(X_test), X_test @ T.T) < 0.05 * start
    assert net.weight_angles()[0] < 20                 # FA alone stays near 50°


def test_bad_decay():
    for decay in (-0.1, np.nan):
        with pytest.raises(ValueError, match="decay"):
            _net("kp", decay=decay)
    for decay in (True, "big"):
        with pytest.raises(TypeError, match="decay must be a real number"):
            _net("kp", decay=decay)


# ---- node perturbation -------------------------------------------------------------------

def test_per_example_loss_means_are_the_library_losses():
    Y = RNG.normal(size=(7, 3))
    assert bio.per_example_loss("mse", G, Y).shape == (7,)
    assert np.isclose(bio.per_example_loss("mse", G, Y).mean(), losses.mse(G, Y))
    labels = np.array([0, 1, 2, 0, 1, 2, 2])
    per = bio.per_example_loss("softmax_cross_entropy", G, labels)
    assert np.isclose(per.mean(), losses.softmax_cross_entropy(G, labels))
    with pytest.raises(ValueError, match="kind"):
        bio.per_example_loss("hinge", G, Y)
    with pytest.raises(ValueError, match="shape"):
        bio.per_example_loss("mse", G, Y[:, :2])
    with pytest.raises(ValueError, match="integer labels"):
        bio.per_example_loss("softmax_cross_entropy", G, Y)
    with pytest.raises(ValueError, match="lie in"):
        bio.per_example_loss("softmax_cross_entropy", G, labels + 1)
    with pytest.raises(ValueError, match="shape"):
        bio.per_example_loss("mse", np.ones(3), np.ones(3))


def _flat(arrays):
    return np.concatenate([a.ravel() for a in arrays])


def test_node_perturbation_shapes_and_mean_is_the_gradient():
    model = nn.MLP([4, 6, 5, 3], activation="tanh", seed=1)
    learner = bio.NodePerturbation(model, sigma=1e-4, seed=0)
    Y = RNG.normal(size=(7, 3))
    estimate = learner.estimate(X, Y)
    assert [g.shape for g in estimate] == [p.shape for p in model.params]
    assert learner.params == model.params or all(
        p is q for p, q in zip(learner.params, model.params, strict=True))
    true = _flat(model.backward(losses.mse_grad(model.forward(X), Y)))
    mean = np.mean([_flat(learner.estimate(X, Y)) for _ in range(3000)], axis=0)
    assert bio.angle(mean, true) < 15                 # unbiased: the average points downhill
    single = bio.angle(_flat(learner.estimate(X, Y)), true)
    assert single > bio.angle(mean, true)             # one estimate is noisy


def test_node_perturbation_noise_grows_with_width():
    def mean_cosine(width):
        model = nn.MLP([4, width, 3], activation="tanh", seed=0)
        learner = bio.NodePerturbation(model, sigma=1e-3, seed=1)
        Y = RNG.normal(size=(7, 3))
        true = _flat(model.backward(losses.mse_grad(model.forward(X), Y)))
        return np.mean([np.cos(np.radians(bio.angle(_flat(learner.estimate(X, Y)), true)))
                        for _ in range(200)])
    narrow, wide = mean_cosine(2), mean_cosine(200)
    assert narrow > 2 * wide > 0


def test_node_perturbation_learns_a_small_task():
    rng = np.random.default_rng(0)
    T = rng.uniform(-1, 1, (2, 3))
    model = nn.MLP([3, 4, 2], activation="tanh", seed=0)
    learner = bio.NodePerturbation(model, sigma=1e-3, seed=0)
    opt = optim.SGD(learner.params, lr=0.05)
    X_test = rng.normal(size=(200, 3))
    start = losses.mse(learner.predict(X_test), X_test @ T.T)
    for _ in range(1500):
        Xb = rng.normal(size=(20, 3))
        opt.step(learner.estimate(Xb, Xb @ T.T))
    assert losses.mse(learner.predict(X_test), X_test @ T.T) < 0.2 * start


def test_node_perturbation_is_deterministic_with_a_seed():
    def run(seed):
        learner = bio.NodePerturbation(nn.MLP([4, 6, 3], seed=0), seed=seed)
        return _flat(learner.estimate(X, G))
    assert np.array_equal(run(5), run(5)) and not np.array_equal(run(5), run(6))


def test_node_perturbation_bad_inputs():
    with pytest.raises(TypeError, match="nn.MLP"):
        bio.NodePerturbation("net")
    for sigma in (0, -1, np.inf):
        with pytest.raises(ValueError, match="sigma"):
            bio.NodePerturbation(nn.MLP([4, 3]), sigma=sigma)
    for sigma in (True, "small"):
        with pytest.raises(TypeError, match="sigma must be a real number"):
            bio.NodePerturbation(nn.MLP([4, 3]), sigma=sigma)
    learner = bio.NodePerturbation(nn.MLP([4, 6, 3], seed=0))
    with pytest.raises(ValueError, match=r"\(N, 4\)"):
        learner.estimate(np.ones((5, 3)), np.ones((5, 3)))
    with pytest.raises(ValueError, match="shape"):
        learner.estimate(X, np.ones((7, 2)))
    assert "sigma=0.001" in repr(learner)


def test_updates_are_new_arrays_every_call():
    for rule in ("kp", "last"):
        net = _net(rule, decay=0.1)
        net.forward(X)
        first = net.backward(G)
        kept = [g.copy() for g in first]
        net.forward(X + 1.0)
        second = net.backward(G)
        assert all(a is not b for a, b in zip(first, second, strict=True))
        assert all(np.array_equal(a, k) for a, k in zip(first, kept, strict=True))
    learner = bio.NodePerturbation(nn.MLP([4, 6, 3], seed=0), seed=0)
    first = learner.estimate(X, G)
    kept = [g.copy() for g in first]
    second = learner.estimate(X, G)
    assert all(a is not b for a, b in zip(first, second, strict=True))
    assert all(np.array_equal(a, k) for a, k in zip(first, kept, strict=True))


def test_kp_training_is_deterministic_with_seeds():
    def train_kp(seed):
        net = bio.FeedbackNet(nn.MLP([4, 6, 5, 3], activation="tanh", seed=1), "kp",
                              seed=seed, decay=0.01)
        opt = optim.Momentum(net.params, lr=0.05, momentum=0.9)
        for _ in range(5):
            net.forward(X)
            opt.step(net.backward(G))
        return _flat(net.params)
    assert np.array_equal(train_kp(2), train_kp(2))
    assert not np.array_equal(train_kp(2), train_kp(3))


def test_learning_curves_record_every_few_steps_and_repeat_exactly():
    X, y = data.spirals(120, classes=3, noise=0.05, seed=0)
    X_tr, y_tr, X_va, y_va, _, _ = data.split(X, y, seed=0)
    runs = {rule: bio.learning_curves(nn.MLP([2, 8, 3], activation="tanh", seed=0), rule,
                                      (X_tr, y_tr), (X_va, y_va), lr=0.1, steps=60, every=10)
            for rule in ("bp", "fa", "np")}
    for run in runs.values():
        assert len(run["loss"]) == len(run["accuracy"]) == len(run["angle"]) == 7
        assert not run["diverged"] and np.all(np.isfinite(run["loss"]))
    assert np.all(runs["bp"]["angle"] == 0) and runs["bp"]["loss"][-1] < runs["bp"]["loss"][0]
    assert 0 < runs["fa"]["angle"][0] < 180 and 0 < runs["np"]["angle"][-1] < 180
    again = bio.learning_curves(nn.MLP([2, 8, 3], activation="tanh", seed=0), "fa",
                                (X_tr, y_tr), (X_va, y_va), lr=0.1, steps=60, every=10)
    assert np.array_equal(again["loss"], runs["fa"]["loss"])          # seeded: repeatable


# ---- sign symmetry: B = m · sign(W) ------------------------------------------------------

def test_sign_feedback_is_the_sign_of_the_current_forward_weights():
    net = _net("sign")
    layers = net.model.layers
    for B, above in zip(net.feedback, layers[1:], strict=True):
        m = nn.init_std("tanh", above.n_in, above.n_out)
        assert B.shape == above.W.shape and np.array_equal(B, m * np.sign(above.W))
    _grads(net)
    d3 = layers[2].delta
    d2 = (d3 @ np.sign(layers[2].W)) * (1 - np.tanh(layers[1].z) ** 2) * net._magnitudes[1]
    assert np.allclose(net.deltas[1], d2)
    opt = optim.SGD(net.params, lr=0.5)
    for _ in range(20):                          # after training, B follows W's new signs
        opt.step(_grads(net))
    assert all(np.array_equal(B, m * np.sign(above.W)) for B, m, above in
               zip(net.feedback, net._magnitudes, layers[1:], strict=True))
    assert len(net.params) == 6                  # B is not a parameter: it is read off W


def test_sign_is_backprop_when_every_weight_has_the_same_size():
    model = nn.MLP([4, 6, 5, 3], activation="tanh", seed=1)
    for layer in model.layers:
        layer.W[...] = 0.3 * np.sign(layer.W)
    sign = bio.FeedbackNet(model, "sign", scale=0.3)
    got = _grads(sign)
    bp = nn.MLP([4, 6, 5, 3], activation="tanh", seed=1)
    for layer in bp.layers:
        layer.W[...] = 0.3 * np.sign(layer.W)
    want = _grads(bio.FeedbackNet(bp, "bp"))
    assert all(np.allclose(a, b) for a, b in zip(got, want, strict=True))
    assert np.allclose(sign.weight_angles(), 0, atol=1e-5)


def test_sign_feedback_is_always_within_90_degrees_of_w():
    # sign(W)·W = Σ|w| > 0; for Gaussian entries the cosine is about √(2/π), about 37°
    net = bio.FeedbackNet(nn.MLP([50, 200, 100, 10], activation="tanh", seed=3), "sign")
    angles = net.weight_angles()
    assert all(0 < a < 90 for a in angles)
    assert abs(angles[0] - np.degrees(np.arccos(np.sqrt(2 / np.pi)))) < 3


def test_sign_learns_a_small_task():
    rng = np.random.default_rng(5)
    X_t = rng.normal(size=(64, 4))
    y_t = (X_t[:, 0] * X_t[:, 1] > 0).astype(int)
    net = bio.FeedbackNet(nn.MLP([4, 16, 16, 2], activation="tanh", seed=0), "sign")
    opt = optim.Momentum(net.params, lr=0.05, momentum=0.9)
    start = losses.softmax_cross_entropy(net.forward(X_t), y_t)
    for _ in range(300):
        opt.step(net.backward(losses.softmax_cross_entropy_grad(net.forward(X_t), y_t)))
    assert losses.softmax_cross_entropy(net.forward(X_t), y_t) < 0.5 * start


def test_sign_bad_inputs():
    model = nn.MLP([4, 6, 5, 3], seed=0)
    with pytest.raises(ValueError, match="signs of the forward weights"):
        bio.FeedbackNet(model, "sign", feedback=[np.ones((5, 6)), np.ones((3, 5))])
    for scale in (0, -1, np.inf):
        with pytest.raises(ValueError, match="scale"):
            bio.FeedbackNet(model, "sign", scale=scale)
    with pytest.raises(TypeError, match="scale"):                # a wrong type: TypeError
        bio.FeedbackNet(model, "sign", scale=True)
