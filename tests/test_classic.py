"""backprop.classic: the perceptron rule and Widrow-Hoff LMS (chapter 8)."""

import numpy as np
import pytest

from backprop import classic

X2 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)


def test_step_is_zero_at_zero():
    assert classic.step([-1.0, 0.0, 1e-12]).tolist() == [0.0, 0.0, 1.0]


def test_perceptron_update_only_when_wrong():
    w, b = np.array([1.0, -1.0]), 0.0
    x = np.array([1.0, 0.0])                               # output 1
    assert classic.perceptron_update(w, b, x, 1)[1] == 0.0
    np.testing.assert_array_equal(classic.perceptron_update(w, b, x, 1)[0], w)
    new_w, new_b = classic.perceptron_update(w, b, x, 0, lr=0.5)
    np.testing.assert_array_equal(new_w, [0.5, -1.0])
    assert new_b == -0.5
    np.testing.assert_array_equal(w, [1.0, -1.0])           # not changed in place


@pytest.mark.parametrize("t", [[0, 0, 0, 1], [0, 1, 1, 1], [1, 1, 1, 0], [0, 0, 1, 1]])
@pytest.mark.parametrize("seed", [None, 0, 7])
def test_perceptron_learns_separable_functions(t, seed):
    fit = classic.train_perceptron(X2, t, epochs=50, seed=seed)
    assert fit.converged and fit.history[-1] == 0
    np.testing.assert_array_equal(classic.perceptron_predict(X2, fit.w, fit.b), t)


def test_perceptron_never_learns_xor():
    for seed in range(5):
        fit = classic.train_perceptron(X2, [0, 1, 1, 0], epochs=200, seed=seed)
        assert not fit.converged and fit.epochs == 200 and min(fit.history) >= 1


def test_perceptron_convergence_on_random_separable_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 5))
    w_true = rng.normal(size=5)
    t = (X @ w_true + 0.3 > 0).astype(float)
    fit = classic.train_perceptron(X, t, epochs=1000, seed=1)
    assert fit.converged
    np.testing.assert_array_equal(classic.perceptron_predict(X, fit.w, fit.b), t)


@pytest.mark.parametrize("alpha", [0.05, 0.5, 1.0, 1.7])
def test_alpha_lms_shrinks_the_error_by_one_minus_alpha(alpha):
    rng = np.random.default_rng(3)
    for _ in range(20):
        w, b, x, d = rng.normal(size=7), rng.normal(), rng.normal(size=7), rng.normal()
        w1, b1, error = classic.lms_update(w, b, x, d, alpha)
        assert error == pytest.approx(d - w @ x - b)
        assert d - (w1 @ x + b1) == pytest.approx((1 - alpha) * error, abs=1e-12)


def test_mu_lms_is_a_gradient_step_on_half_squared_error():
    rng = np.random.default_rng(4)
    w, b, x, d = rng.normal(size=4), 0.2, rng.normal(size=4), 1.0
    lr, h = 0.03, 1e-6
    half_sq = lambda w, b: 0.5 * (d - w @ x - b) ** 2       # noqa: E731
    grad_w = np.array([(half_sq(w + h * e, b) - half_sq(w - h * e, b)) / (2 * h)
                       for e in np.eye(4)])
    grad_b = (half_sq(w, b + h) - half_sq(w, b - h)) / (2 * h)
    w1, b1, _ = classic.lms_update(w, b, x, d, lr, normalized=False)
    np.testing.assert_allclose(w1, w - lr * grad_w, atol=1e-8)
    assert b1 == pytest.approx(b - lr * grad_b, abs=1e-8)


def test_adaline_reaches_least_squares_and_diverges_beyond_two():
    rng = np.random.default_rng(5)
    X = np.sign(rng.normal(size=(60, 8)))
    d = np.sign(X @ rng.normal(size=8) + 0.5 * rng.normal(size=60))
    A = np.column_stack([X, np.ones(60)])
    best = 0.5 * np.mean((A @ np.linalg.lstsq(A, d, rcond=None)[0] - d) ** 2)
    fit = classic.train_adaline(X, d, alpha=0.05, epochs=200, seed=0)
    assert not fit.converged and fit.epochs == 200
    assert best <= fit.history[-1] < 1.05 * best
    blown = classic.train_adaline(X, d, alpha=2.5, epochs=200, seed=0)
    assert blown.epochs < 200 and not blown.history[-1] < 1e12
    np.testing.assert_allclose(classic.adaline_output(X, fit.w, fit.b), X @ fit.w + fit.b)


def test_adaline_stops_at_tol_on_a_consistent_task():
    X = np.array([[1.0, -1.0], [-1.0, 1.0], [1.0, 1.0]])
    d = np.array([1.0, -1.0, 0.5])
    fit = classic.train_adaline(X, d, alpha=1.0, epochs=500, tol=1e-20)
    assert fit.converged and fit.history[-1] <= 1e-20 and fit.epochs < 500


def test_seeded_runs_repeat_and_differ_from_fixed_order():
    X = np.random.default_rng(6).normal(size=(30, 3))
    d = X @ [1.0, -2.0, 0.5]
    a = classic.train_adaline(X, d, alpha=0.3, epochs=3, seed=2)
    b = classic.train_adaline(X, d, alpha=0.3, epochs=3, seed=2)
    c = classic.train_adaline(X, d, alpha=0.3, epochs=3)
    np.testing.assert_array_equal(a.w, b.w)
    assert not np.array_equal(a.w, c.w)


@pytest.mark.parametrize("call, error, words", [
    (lambda: classic.train_perceptron([0, 1], [0, 1]), ValueError, "2-D"),
    (lambda: classic.train_perceptron(X2, [0, 1, 2, 0]), ValueError, "only"),
    (lambda: classic.train_perceptron(X2, [0, 1, 1]), ValueError, "shape (4,)"),
    (lambda: classic.train_perceptron(X2, [0, 1, 1, 0], epochs=0), ValueError, "epochs"),
    (lambda: classic.train_perceptron(X2, [0, 1, 1, 0], epochs=2.5), TypeError, "epochs"),
    (lambda: classic.train_perceptron(X2, [0, 1, 1, 0], lr=-1), ValueError, "lr"),
    (lambda: classic.train_perceptron(X2, [0, 1, 1, 0], seed=-1), ValueError, "seed"),
    (lambda: classic.train_perceptron(X2, [0, 1, 1, 0], seed=1.5), TypeError, "seed"),
    (lambda: classic.train_perceptron(X2, [0, 1, 1, 0], w=[0.0]), ValueError, "w"),
    (lambda: classic.train_perceptron(np.array([[np.nan, 0.0]]), [0]), ValueError, "NaN"),
    (lambda: classic.train_perceptron(np.array([["a", "b"]]), [0]), TypeError, "numbers"),
    (lambda: classic.perceptron_update([0.0, 0.0], 0.0, X2, 1), ValueError, "one example"),
    (lambda: classic.perceptron_update([0.0], 0.0, [1.0, 2.0], 1), ValueError, "w"),
    (lambda: classic.perceptron_update([0.0, 0.0], 0.0, [1.0, 2.0], 0.5), ValueError, "t"),
    (lambda: classic.lms_update([0.0, 0.0], 0.0, [1.0, 2.0], 1.0, 0.0), ValueError, "alpha"),
    (lambda: classic.lms_update([0.0, 0.0], 0.0, [1.0, 2.0], np.inf, 0.1), ValueError, "d"),
    (lambda: classic.lms_update([0.0, 0.0], "0", [1.0, 2.0], 1.0, 0.1), TypeError, "b"),
    (lambda: classic.train_adaline(X2, [1.0, -1.0], alpha=0.1), ValueError, "d"),
    (lambda: classic.train_adaline(X2, [1.0, -1.0, 1.0, -1.0], alpha=True), TypeError, "alpha"),
    (lambda: classic.adaline_output(X2, [1.0, 2.0, 3.0], 0.0), ValueError, "w"),
])
def test_bad_input_gets_a_clear_error(call, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        call()


# ---- Rumelhart, Hinton and Williams' runs: train_many --------------------------------------

def _plain(sizes, X, Y, seed, eps, alpha, max_sweeps, tol):
    """One net, the plain loop of chapter 8: forward, stopping check, backward, momentum."""
    from backprop import nn, optim
    net = nn.MLP(list(sizes), activation="sigmoid", output="sigmoid")
    for p, v in zip(net.params, classic.rhw_init(sizes, seed)):
        p[...] = v
    opt = optim.Momentum(net.params, lr=eps, momentum=alpha)
    for sweep in range(max_sweeps + 1):
        Y_hat = net.forward(X)
        if np.abs(Y_hat - Y).max() < tol:
            return sweep, net.params
        if sweep < max_sweeps:
            opt.step(net.backward(Y_hat - Y))
    return -1, net.params


def test_symmetry_patterns():
    X, Y = classic.symmetry_patterns()
    assert X.shape == (64, 6) and Y.shape == (64, 1) and Y.sum() == 8
    assert len({tuple(r) for r in X}) == 64
    np.testing.assert_array_equal(Y[:, 0] == 1, np.all(X == X[:, ::-1], axis=1))


def test_rhw_init_is_uniform_in_range_and_seeded():
    params = classic.rhw_init((6, 2, 1), 3)
    assert [p.shape for p in params] == [(2, 6), (2,), (1, 2), (1,)]
    assert max(np.abs(p).max() for p in params) <= 0.3
    np.testing.assert_array_equal(params[0], classic.rhw_init((6, 2, 1), 3)[0])
    with pytest.raises(ValueError, match="sizes"):
        classic.rhw_init((6, 1), 0)


@pytest.mark.parametrize("tol", [0.0, 0.5])
def test_train_many_equals_each_net_trained_alone(tol):
    X, Y = classic.symmetry_patterns()
    sweeps, nets = classic.train_many((6, 2, 1), X, Y, [3, 4, 5], 0.1, 0.9, 700, tol)
    for seed, n, params in zip([3, 4, 5], sweeps, nets):
        n_alone, alone = _plain((6, 2, 1), X, Y, seed, 0.1, 0.9, 700, tol)
        assert n == n_alone
        for a, b in zip(alone, params):
            np.testing.assert_allclose(a, b, atol=1e-10)


def test_train_many_learns_xor_and_reports_the_budget():
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    sweeps, nets = classic.train_many((2, 2, 1), X2, Y, range(4), 0.5, 0.9, 2000, 0.5)
    assert sweeps.tolist() == [907, 567, 434, 281]
    sweeps, _ = classic.train_many((2, 2, 1), X2, Y, range(4), 0.5, 0.9, 300, 0.5)
    assert sweeps.tolist() == [-1, -1, -1, 281]            # -1: not within the budget


@pytest.mark.parametrize("args,match", [
    (((3, 2, 1), X2, np.zeros((4, 1))), "sizes"),
    (((2, 2, 1), X2, np.zeros((3, 1))), "same number of rows"),
])
def test_train_many_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        classic.train_many(*args, [0], 0.1, 0.9, 10, 0.5)


def test_train_many_needs_seeds():
    with pytest.raises(ValueError, match="seeds"):
        classic.train_many((2, 2, 1), X2, np.zeros((4, 1)), [], 0.1, 0.9, 10, 0.5)


# ---- direct (skip) input-to-output connections ------------------------------------------

def _skip_E(params, X, Y):
    return classic.skip_gradients(params, X, Y)[0]


def test_skip_gradients_match_finite_differences():
    rng = np.random.default_rng(8)
    X, Y = rng.normal(size=(5, 3)), rng.uniform(size=(5, 2))
    params = classic.rhw_init((3, 2, 2), 1, scale=1.0, skip=True)
    E, grads = classic.skip_gradients(params, X, Y)
    assert E == pytest.approx(_skip_E(params, X, Y))
    h, worst = 1e-6, 0.0
    for i, p in enumerate(params):                          # every weight, D included
        numeric = np.zeros_like(p)
        for j in np.ndindex(p.shape):
            up = [q.copy() for q in params]
            down = [q.copy() for q in params]
            up[i][j] += h
            down[i][j] -= h
            numeric[j] = (_skip_E(up, X, Y) - _skip_E(down, X, Y)) / (2 * h)
        worst = max(worst, np.abs(numeric - grads[i]).max())
        np.testing.assert_allclose(grads[i], numeric, atol=1e-8)
    assert worst < 1e-8
    assert np.abs(grads[4]).max() > 1e-3                    # the D gradient is not trivially 0


def test_rhw_init_skip_appends_d_to_the_same_stream():
    plain = classic.rhw_init((2, 1, 1), 5)
    skip = classic.rhw_init((2, 1, 1), 5, skip=True)
    assert len(skip) == 5 and skip[4].shape == (1, 2) and np.abs(skip[4]).max() <= 0.3
    for a, b in zip(plain, skip):
        np.testing.assert_array_equal(a, b)


def test_train_many_with_skip_equals_each_net_trained_alone():
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    sweeps, nets = classic.train_many((2, 1, 1), X2, Y, [0, 1, 2], 0.5, 0.9, 3000, 0.5,
                                      skip=True)
    for seed, n, params in zip([0, 1, 2], sweeps, nets):
        p = classic.rhw_init((2, 1, 1), seed, skip=True)
        v, found = [np.zeros_like(q) for q in p], -1
        for sweep in range(3001):
            W1, b1, W2, b2, D = p
            out = 1 / (1 + np.exp(-(1 / (1 + np.exp(-(X2 @ W1.T + b1))) @ W2.T
                                    + X2 @ D.T + b2)))
            if np.abs(out - Y).max() < 0.5:
                found = sweep
                break
            _, g = classic.skip_gradients(p, X2, Y)
            v = [0.9 * vi - 0.5 * gi for vi, gi in zip(v, g)]
            p = [pi + vi for pi, vi in zip(p, v)]
        assert n == found
        for a, b in zip(p, params):
            np.testing.assert_allclose(a, b, atol=1e-10)
    assert np.all(sweeps > 0)                                # XOR with one hidden unit


def test_train_many_without_skip_is_unchanged_by_the_option():
    X, Y = classic.symmetry_patterns()
    a = classic.train_many((6, 2, 1), X, Y, [3], 0.1, 0.9, 50, 0.0)
    b = classic.train_many((6, 2, 1), X, Y, [3], 0.1, 0.9, 50, 0.0, skip=False)
    assert len(a[1][0]) == 4
    for p, q in zip(a[1][0], b[1][0]):
        np.testing.assert_array_equal(p, q)


@pytest.mark.parametrize("call, error, words", [
    (lambda: classic.train_many((2, 1, 1), X2, np.zeros((4, 1)), [0], 0.5, 0.9, 10, 0.5,
                                skip=1), TypeError, "skip"),
    (lambda: classic.rhw_init((2, 1, 1), 0, skip="yes"), TypeError, "skip"),
    (lambda: classic.skip_gradients(classic.rhw_init((2, 1, 1), 0), X2, np.zeros((4, 1))),
     ValueError, "W1, b1, W2, b2, D"),
    (lambda: classic.skip_gradients(classic.rhw_init((3, 1, 1), 0, skip=True), X2,
                                    np.zeros((4, 1))), ValueError, "shapes"),
    (lambda: classic.skip_gradients(classic.rhw_init((2, 1, 1), 0, skip=True), X2,
                                    np.zeros((3, 1))), ValueError, "same number of rows"),
    (lambda: classic.skip_gradients([np.full((1, 2), np.nan)] + classic.rhw_init(
        (2, 1, 1), 0, skip=True)[1:], X2, np.zeros((4, 1))), ValueError, "NaN"),
])
def test_skip_bad_input(call, error, words):
    with pytest.raises(error, match=words):
        call()


# ---- the family trees (Rumelhart, Hinton and Williams 1986) --------------------------------

def test_family_trees_have_104_triples_and_112_facts():
    people, X, Y = classic.family_trees()
    assert len(people) == 24 and X.shape == (104, 36) and Y.shape == (104, 24)
    assert np.all(X[:, :24].sum(axis=1) == 1) and np.all(X[:, 24:].sum(axis=1) == 1)
    assert Y.sum() == 112 and Y.sum(axis=1).max() == 2          # two uncles, two aunts
    assert len({tuple(x) for x in X}) == 104                     # each (person, relation) once
    # the trees are isomorphic: the Italian half is the English half moved by 12 people
    np.testing.assert_array_equal(X[52:, 12:24], X[:52, :12])
    np.testing.assert_array_equal(X[52:, 24:], X[:52, 24:])
    np.testing.assert_array_equal(Y[52:, 12:], Y[:52, :12])
    assert Y[:52, 12:].sum() == 0                                # no relation crosses trees


def _triple(person, relation):
    people, X, Y = classic.family_trees()
    row = np.flatnonzero((X[:, people.index(person)] == 1)
                         & (X[:, 24 + classic.RELATIONS.index(relation)] == 1))
    return {people[j] for j in np.flatnonzero(Y[row[0]])} if len(row) else set()


def test_family_trees_relations():
    assert _triple("Colin", "uncle") == {"Arthur", "Charles"}
    assert _triple("Charlotte", "aunt") == {"Margaret", "Jennifer"}
    assert _triple("Margaret", "nephew") == {"Colin"}
    assert _triple("Victoria", "brother") == {"Arthur"}
    assert _triple("Pierro", "daughter") == {"Angela"}
    assert _triple("Sophia", "mother") == {"Lucia"}
    assert _triple("Christopher", "father") == set()             # not a triple


def test_family_attributes():
    att = classic.family_attributes()
    assert att["Italian"].sum() == 12 and att["generation"].tolist().count(3) == 4
    assert np.sum(att["branch"] == -1) == 4


def test_family_gradients_match_finite_differences():
    _, X, Y = classic.family_trees()
    params, held = classic.family_init(0, scale=1.0)
    assert len(held) == 4 and np.all(np.diff(held) > 0)

    def E(p):
        return 0.5 * np.sum(classic.family_error(classic.family_forward(p, X)[-1], Y) ** 2)

    acts = classic.family_forward(params, X)
    grads = classic.family_backward(params, X, acts, classic.family_error(acts[-1], Y))
    rng = np.random.default_rng(1)
    h = 1e-6
    for i, (p, g) in enumerate(zip(params, grads)):
        assert g.shape == p.shape
        for _ in range(3):
            idx = tuple(rng.integers(0, n) for n in p.shape)
            up = [q.copy() for q in params]
            down = [q.copy() for q in params]
            up[i][idx] += h
            down[i][idx] -= h
            assert (E(up) - E(down)) / (2 * h) == pytest.approx(g[idx], abs=1e-6)


def test_family_error_is_zero_within_the_margin():
    Y = np.array([[1.0, 0.0, 0.0, 1.0]])
    out = np.array([[0.85, 0.15, 0.3, 0.5]])
    np.testing.assert_allclose(classic.family_error(out, Y), [[0.0, 0.0, 0.3, -0.5]])


def test_train_family_side_by_side_equals_alone_and_learns():
    _, X, Y = classic.family_trees()
    schedule = ((20, 0.005, 0.5), (None, 0.05, 0.9))
    together, held = classic.train_family([0, 1], sweeps=60, schedule=schedule, scale=1.0)
    alone, held1 = classic.train_family([1], sweeps=60, schedule=schedule, scale=1.0)
    np.testing.assert_array_equal(held[1], held1[0])
    for a, b in zip(together[1], alone[0]):
        np.testing.assert_allclose(a, b, atol=1e-12)
    start, _ = classic.family_init(0, scale=1.0)
    before = classic.family_error(classic.family_forward(start, X)[-1], Y)
    after = classic.family_error(classic.family_forward(together[0], X)[-1], Y)
    assert np.sum(after ** 2) < 0.7 * np.sum(before ** 2)


def test_family_functions_check_their_arguments():
    with pytest.raises(ValueError, match="seed_list"):
        classic.train_family([])
    with pytest.raises(ValueError, match="decay"):
        classic.train_family([0], sweeps=1, decay=1.5)
    with pytest.raises(ValueError, match="scale"):
        classic.family_init(0, scale=0.0)
    params, _ = classic.family_init(0)
    _, X, Y = classic.family_trees()
    with pytest.raises(ValueError, match="36 columns"):
        classic.family_forward(params, X[:, :30])
    with pytest.raises(ValueError, match="params"):
        classic.family_forward(params[:8], X)
    with pytest.raises(ValueError, match="does not fit"):
        classic.family_error(Y[:, :20], Y)
    with pytest.raises(ValueError, match="margin"):
        classic.family_error(Y, Y, margin=2.0)
