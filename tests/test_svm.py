"""backprop.svm: the RBF support-vector machine of chapter 7, by dual coordinate descent."""

import numpy as np
import pytest

from backprop import svm

rng = np.random.default_rng(0)
X_TINY = rng.normal(size=(12, 2))
Y_TINY = (X_TINY[:, 0] + 0.3 * rng.normal(size=12) > 0).astype(int)   # overlapping classes


def test_kernel_is_one_on_the_diagonal_and_falls_with_distance():
    A = np.array([[0.0, 0.0], [1.0, 0.0], [3.0, 0.0]])
    K = svm.rbf_kernel(A, A, gamma=0.5)
    np.testing.assert_allclose(np.diag(K), 1.0)
    np.testing.assert_allclose(K[0], np.exp(-0.5 * np.array([0.0, 1.0, 9.0])))
    np.testing.assert_allclose(K, K.T)


def test_scale_gamma_is_one_over_features_times_variance():
    X = np.arange(12.0).reshape(4, 3)
    assert svm.scale_gamma(X) == pytest.approx(1 / (3 * X.var()))


def test_the_fit_meets_the_kkt_conditions_and_minimises_the_dual():
    C = 1.0
    model = svm.fit(X_TINY, Y_TINY, C=C, tol=1e-8, max_epochs=5000)
    assert model.epochs < 5000
    assert svm.kkt_violation(model, X_TINY, Y_TINY) < 1e-8
    alpha = model.alpha
    assert np.all(alpha >= 0) and np.all(alpha <= C)
    f = svm.decision(model, X_TINY) * model.Y                 # y_i f_i per class
    assert np.all(f[alpha == 0] >= 1 - 1e-6)                  # outside the margin
    assert np.all(f[alpha == C] <= 1 + 1e-6)                  # inside it, or wrong
    free = (alpha > 0) & (alpha < C)
    np.testing.assert_allclose(f[free], 1.0, atol=1e-6)       # on it
    assert (alpha == C).any() and free.any()                  # a soft margin here
    best = svm.dual_objective(model)                          # no feasible nudge does better
    for _ in range(50):
        nudged = np.clip(alpha + 0.01 * rng.normal(size=alpha.shape), 0, C)
        assert np.all(svm.dual_objective(model._replace(alpha=nudged)) >= best - 1e-12)


def test_the_dual_objective_only_falls_with_more_passes():
    objectives = [svm.dual_objective(svm.fit(X_TINY, Y_TINY, C=1.0, tol=1e-12,
                                             max_epochs=epochs)).sum()
                  for epochs in (1, 2, 5, 20)]
    assert objectives == sorted(objectives, reverse=True) and objectives[0] < 0


def test_separable_clusters_are_classified_perfectly():
    centres = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    labels = np.repeat(np.arange(3), 20)
    X = centres[labels] + 0.5 * rng.normal(size=(60, 2))
    model = svm.fit(X, labels, C=10.0)
    np.testing.assert_array_equal(svm.predict(model, X), labels)
    new = centres + 0.2
    np.testing.assert_array_equal(svm.predict(model, new), [0, 1, 2])
    assert svm.decision(model, new).shape == (3, 3)


def test_the_same_seed_gives_the_same_fit():
    a, b = (svm.fit(X_TINY, Y_TINY, seed=3) for _ in range(2))
    np.testing.assert_array_equal(a.alpha, b.alpha)


@pytest.mark.parametrize("call, error", [
    (lambda: svm.fit(X_TINY, Y_TINY, C=0.0), ValueError),
    (lambda: svm.fit(X_TINY, Y_TINY, C=-1.0), ValueError),
    (lambda: svm.fit(X_TINY, Y_TINY, C="1"), TypeError),
    (lambda: svm.fit(X_TINY, Y_TINY, C=True), TypeError),
    (lambda: svm.fit(X_TINY, Y_TINY.astype(float)), TypeError),         # labels as floats
    (lambda: svm.fit(X_TINY, Y_TINY - 1), ValueError),                  # negative labels
    (lambda: svm.fit(X_TINY, np.zeros(12, dtype=int)), ValueError),     # one class
    (lambda: svm.fit(X_TINY, Y_TINY[:5]), ValueError),                  # lengths differ
    (lambda: svm.fit(X_TINY[0], Y_TINY), ValueError),                   # X not 2-D
    (lambda: svm.fit(np.full((12, 2), np.nan), Y_TINY), ValueError),
    (lambda: svm.fit(X_TINY.astype(str), Y_TINY), TypeError),
    (lambda: svm.fit(X_TINY, Y_TINY, gamma=0.0), ValueError),
    (lambda: svm.fit(X_TINY, Y_TINY, gamma="auto"), TypeError),
    (lambda: svm.fit(X_TINY, Y_TINY, tol=0.0), ValueError),
    (lambda: svm.fit(X_TINY, Y_TINY, max_epochs=0), ValueError),
    (lambda: svm.fit(X_TINY, Y_TINY, max_epochs=2.5), TypeError),
    (lambda: svm.fit(X_TINY, Y_TINY, seed=-1), ValueError),
    (lambda: svm.rbf_kernel(X_TINY, np.ones((3, 5)), 1.0), ValueError),
    (lambda: svm.predict(svm.fit(X_TINY, Y_TINY), np.ones((3, 5))), ValueError),
])
def test_bad_arguments_raise_clear_errors(call, error):
    with pytest.raises(error):
        call()
