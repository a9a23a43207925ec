"""The training loop (chapter 7): minibatches, standardize, metrics, fit and evaluate."""

import numpy as np
import pytest

from backprop import data, losses, nn, optim, train


def blobs(n=60, seed=0):
    """Three well separated Gaussian blobs in 2-D."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 3
    centres = np.array([[0.0, 3.0], [3.0, -2.0], [-3.0, -2.0]])
    return centres[y] + 0.5 * rng.standard_normal((n, 2)), y.astype(np.int64)


# ---- minibatches -----------------------------------------------------------------------

@pytest.mark.parametrize("n, batch_size", [(10, 3), (10, 10), (10, 64), (1, 1), (64, 8)])
def test_minibatches_cover_every_index_once(n, batch_size):
    batches = list(train.minibatches(n, batch_size, rng=0))
    assert len(batches) == -(-n // batch_size)
    assert all(len(b) == batch_size for b in batches[:-1])
    assert len(batches[-1]) == n - batch_size * (len(batches) - 1)
    assert sorted(np.concatenate(batches).tolist()) == list(range(n))


def test_minibatches_shuffle_only_with_rng():
    assert np.concatenate(list(train.minibatches(7, 2))).tolist() == list(range(7))
    a = np.concatenate(list(train.minibatches(100, 10, rng=1)))
    b = np.concatenate(list(train.minibatches(100, 10, rng=1)))
    c = np.concatenate(list(train.minibatches(100, 10, rng=2)))
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert list(train.minibatches(0, 5)) == []


@pytest.mark.parametrize("n, batch_size, error", [
    (10, 0, ValueError), (-1, 2, ValueError), (10, 2.5, TypeError), (True, 2, TypeError)])
def test_minibatches_reject_bad_sizes(n, batch_size, error):
    with pytest.raises(error, match="n|batch_size"):
        list(train.minibatches(n, batch_size))


# ---- standardize -----------------------------------------------------------------------

def test_standardize_uses_training_statistics_only():
    rng = np.random.default_rng(3)
    X_train = rng.normal(5, 2, size=(50, 3))
    X_train[:, 2] = 7.0  # constant feature
    X_test = rng.normal(-5, 1, size=(10, 3))
    Z_train, Z_test = train.standardize(X_train, X_test)
    assert np.allclose(Z_train[:, :2].mean(0), 0) and np.allclose(Z_train[:, :2].std(0), 1)
    assert np.all(Z_train[:, 2] == 0) and np.all(np.isfinite(Z_test))
    mu, sd = X_train[:, 0].mean(), X_train[:, 0].std()
    assert np.allclose(Z_test[:, 0], (X_test[:, 0] - mu) / sd)
    assert train.standardize(X_train).shape == X_train.shape  # one array in, one out


def test_standardize_rejects_mismatched_features():
    with pytest.raises(ValueError, match=r"\(N, 3\)"):
        train.standardize(np.ones((4, 3)), np.ones((4, 2)))
    with pytest.raises(ValueError, match="X_train"):
        train.standardize(np.ones(4))


# ---- data augmentation by shifts --------------------------------------------------------

def test_shift_images_moves_pixels_and_blanks_the_edge():
    X = np.arange(1.0, 13.0).reshape(1, 12)          # one 3×4 image, every pixel non-zero
    image = X.reshape(3, 4)
    down = train.shift_images(X, 1, 0, shape=(3, 4)).reshape(3, 4)
    assert np.all(down[0] == 0) and np.array_equal(down[1:], image[:-1])
    left = train.shift_images(X, 0, -1, shape=(3, 4)).reshape(3, 4)
    assert np.all(left[:, -1] == 0) and np.array_equal(left[:, :-1], image[:, 1:])
    both = train.shift_images(X, -2, 3, shape=(3, 4)).reshape(3, 4)
    assert both[0, 3] == image[2, 0] and np.count_nonzero(both) == 1
    assert np.array_equal(train.shift_images(X, 0, 0, shape=(3, 4)), X)


def test_with_shifted_copies_keeps_labels_and_originals_first():
    X, y = data.digits()
    X, y = X[:20], y[:20]
    X_aug, y_aug = train.with_shifted_copies(X, y)
    assert X_aug.shape == (100, 64) and np.array_equal(y_aug, np.tile(y, 5))
    assert np.array_equal(X_aug[:20], X)
    moves = [(-1, 0), (1, 0), (0, -1), (0, 1)]        # up, down, left, right
    for i, (down, right) in enumerate(moves, start=1):
        assert np.array_equal(X_aug[20 * i:20 * (i + 1)], train.shift_images(X, down, right))
    ink = X.sum(axis=1)
    assert np.all(X_aug.reshape(5, 20, 64).sum(axis=2) <= ink + 1e-12)   # ink only lost


@pytest.mark.parametrize("X, down, right, shape, words", [
    (np.zeros((2, 64)), 8, 0, (8, 8), "down must be an integer between -7 and 7"),
    (np.zeros((2, 64)), 0, 1.0, (8, 8), "right must be an integer"),
    (np.zeros((2, 63)), 1, 0, (8, 8), r"\(N, 64\)"),
    (np.zeros(64), 1, 0, (8, 8), r"\(N, 64\)"),
    (np.zeros((2, 64)), 1, 0, (64,), "height, width"),
])
def test_shift_images_rejects_bad_input(X, down, right, shape, words):
    error = TypeError if isinstance(right, float) else ValueError  # a wrong type, a wrong value
    with pytest.raises(error, match=words):
        train.shift_images(X, down, right, shape)


def test_with_shifted_copies_rejects_mismatched_rows():
    with pytest.raises(ValueError, match="different numbers of rows"):
        train.with_shifted_copies(np.zeros((3, 64)), np.zeros(2, dtype=int))
    with pytest.raises(ValueError, match=r"\(N, 16\)"):
        train.with_shifted_copies(np.zeros((3, 64)), np.zeros(3, dtype=int), shape=(4, 4))


# ---- metrics ---------------------------------------------------------------------------

def test_accuracy_and_confusion_matrix():
    y_true = np.array([0, 0, 1, 1, 2, 2, 2])
    y_pred = np.array([0, 1, 1, 1, 2, 0, 2])
    C = train.confusion_matrix(y_true, y_pred)
    assert C.tolist() == [[1, 1, 0], [0, 2, 0], [1, 0, 2]]
    assert train.accuracy(y_true, y_pred) == pytest.approx(5 / 7) == np.trace(C) / C.sum()
    assert train.confusion_matrix(y_true, y_pred, k=5).shape == (5, 5)
    assert train.confusion_matrix(np.array([], int), np.array([], int), k=2).sum() == 0


@pytest.mark.parametrize("y_true, y_pred, k, error, words", [
    ([0, 1], [0], None, ValueError, "same shape"),
    ([0, 1], [0.0, 1.0], None, TypeError, "integer"),
    ([0, -1], [0, 1], None, ValueError, "class labels"),
    ([0, 3], [0, 1], 3, ValueError, "below k=3"),
    ([[0, 1]], [[0, 1]], None, ValueError, "1-D"),
])
def test_metrics_reject_bad_labels(y_true, y_pred, k, error, words):
    with pytest.raises(error, match=words):
        train.confusion_matrix(np.array(y_true), np.array(y_pred), k)


# ---- fit and evaluate ------------------------------------------------------------------

def test_fit_learns_blobs_and_records_history():
    X, y = blobs()
    model = nn.MLP([2, 8, 3], seed=0)
    history = train.fit(model, optim.Adam(model.params, lr=0.05), X, y, epochs=15,
                        batch_size=8, seed=0, validation=blobs(30, seed=1))
    assert history["epoch"] == list(range(16))
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
        assert len(history[key]) == 16
    assert history["accuracy"][-1] == 1.0 and history["val_accuracy"][-1] == 1.0
    assert history["loss"][-1] < 0.1 * history["loss"][0]
    assert not history["diverged"]
    loss, acc = train.evaluate(model, X, y)
    assert loss == pytest.approx(losses.softmax_cross_entropy(model.predict(X), y))
    assert loss == history["loss"][-1] and acc == history["accuracy"][-1]
    assert np.array_equal(train.predict(model, X), y)


def test_fit_is_reproducible_and_seed_changes_batch_order():
    X, y = blobs()

    def run(seed):
        model = nn.MLP([2, 5, 3], seed=0)
        return train.fit(model, optim.SGD(model.params, lr=0.1), X, y, epochs=3,
                         batch_size=7, seed=seed)["loss"]
    assert run(0) == run(0) and run(0) != run(1)


def test_one_full_batch_epoch_equals_one_gradient_step():
    X, y = blobs(12)
    model, twin = nn.MLP([2, 4, 3], seed=5), nn.MLP([2, 4, 3], seed=5)
    train.fit(model, optim.SGD(model.params, lr=0.3), X, y, epochs=1, batch_size=len(y))
    grads = twin.backward(losses.softmax_cross_entropy_grad(twin.forward(X), y))
    for p, q, g in zip(model.params, twin.params, grads):
        assert np.allclose(p, q - 0.3 * g)


def test_callback_sees_each_epoch_and_can_stop():
    X, y = blobs()
    model = nn.MLP([2, 4, 3], seed=0)
    seen = []

    def callback(epoch, history):
        seen.append((epoch, len(history["loss"])))
        return epoch == 3
    history = train.fit(model, optim.SGD(model.params, lr=0.1), X, y, epochs=10,
                        callback=callback)
    assert seen == [(1, 2), (2, 3), (3, 4)] and history["epoch"][-1] == 3


def test_zero_epochs_only_measures():
    X, y = blobs()
    model = nn.MLP([2, 4, 3], seed=0)
    before = [p.copy() for p in model.params]
    history = train.fit(model, optim.SGD(model.params, lr=0.1), X, y, epochs=0)
    assert history["epoch"] == [0] and all(np.array_equal(a, b) for a, b in
                                           zip(before, model.params))


def test_divergence_stops_quietly():
    X, y = blobs()
    X = X * 1e150  # a step with these inputs overflows
    model = nn.MLP([2, 4, 3], seed=0)
    history = train.fit(model, optim.SGD(model.params, lr=1e10), X, y, epochs=5)
    assert history["diverged"] and history["epoch"][-1] < 5


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(X=np.ones((4, 2)), y=np.array([0, 1, 0])), ValueError, "different numbers of rows"),
    (dict(X=np.ones(4), y=np.array([0, 1, 0, 1])), ValueError, r"\(N, features\)"),
    (dict(y=np.array([0.0, 1.0, 0.0, 1.0])), TypeError, "integer"),
    (dict(epochs=-1), ValueError, "epochs"),
    (dict(batch_size=0), ValueError, "batch_size"),
    (dict(X=np.ones((0, 2)), y=np.array([], dtype=int)), ValueError, "empty"),
])
def test_fit_rejects_bad_arguments(kwargs, error, words):
    model = nn.MLP([2, 3, 2], seed=0)
    args = dict(X=np.ones((4, 2)), y=np.array([0, 1, 0, 1]))
    args.update(kwargs)
    with pytest.raises(error, match=words):
        train.fit(model, optim.SGD(model.params, lr=0.1), args.pop("X"), args.pop("y"), **args)


def test_digits_reach_high_validation_accuracy_quickly():
    X, y = data.digits()
    X_train, y_train, X_val, y_val, _, _ = data.split(X, y, seed=0)
    X_train, X_val = train.standardize(X_train, X_val)
    model = nn.MLP([64, 32, 10], seed=0)
    history = train.fit(model, optim.Adam(model.params, lr=3e-3), X_train, y_train, epochs=5,
                        batch_size=64, validation=(X_val, y_val))
    assert history["val_accuracy"][-1] > 0.9


def test_measure_training_false_keeps_only_validation_and_same_weights():
    X, y = blobs()
    runs = []
    for measure in (True, False):
        model = nn.MLP([2, 4, 3], seed=0)
        history = train.fit(model, optim.SGD(model.params, lr=0.1), X, y, epochs=3,
                             validation=blobs(9, seed=2), measure_training=measure)
        runs.append((history, model.params))
    (full, p_full), (lean, p_lean) = runs
    assert "loss" not in lean and lean["val_loss"] == full["val_loss"]
    assert all(np.array_equal(a, b) for a, b in zip(p_full, p_lean))


def test_a_finite_but_exploding_loss_counts_as_divergence():
    # SGD with η = 3 on the digits: the validation loss reaches ~1e4 after one epoch and
    # ~1e63 after twenty, finite all the way (the review's case); it must be flagged.
    X, y = data.digits()
    X_train, y_train, X_val, y_val, _, _ = data.split(X, y, seed=0)
    X_train, X_val = train.standardize(X_train, X_val)
    model = nn.MLP([64, 128, 10], seed=0)
    history = train.fit(model, optim.SGD(model.params, lr=3.0), X_train, y_train, epochs=20,
                        batch_size=64, validation=(X_val, y_val), measure_training=False)
    assert history["diverged"] and history["epoch"][-1] < 20
    assert np.all(np.isfinite(history["val_loss"]))
    assert history["val_loss"][-1] > 100 * history["val_loss"][0]


def test_divergence_can_come_while_many_answers_are_right():
    # the docstring's warning: Adam with η = 1 on the digits passes 100 × the starting
    # validation loss within a few epochs while it still gets most images right
    X, y = data.digits()
    X_train, y_train, X_val, y_val, _, _ = data.split(X, y, seed=0)
    X_train, X_val = train.standardize(X_train, X_val)
    model = nn.MLP([64, 128, 10], seed=0)
    history = train.fit(model, optim.Adam(model.params, lr=1.0), X_train, y_train, epochs=20,
                        batch_size=64, validation=(X_val, y_val), measure_training=False)
    assert history["diverged"] and history["epoch"][-1] < 10
    assert history["val_loss"][-1] > 100 * history["val_loss"][0]
    assert history["val_accuracy"][-1] > 0.5


@pytest.mark.parametrize("blowup, diverged", [(10.0, True), (1e6, False), (np.inf, False)])
def test_blowup_is_a_factor_on_the_starting_loss(blowup, diverged):
    # a rate that makes the training loss jump ~50x, then ~10^4x above its start, finite
    X, y = blobs()
    model = nn.MLP([2, 8, 3], seed=0)
    history = train.fit(model, optim.SGD(model.params, lr=10.0), X, y, epochs=2,
                        batch_size=60, blowup=blowup)
    loss = np.asarray(history["loss"])
    assert np.all(np.isfinite(loss))
    assert history["diverged"] == diverged
    if diverged:
        assert loss[-1] > blowup * loss[0] and np.all(loss[:-1] <= blowup * loss[0])


def test_an_overfitting_rise_is_not_divergence():
    # the validation loss may climb (overfitting) without being called divergence
    X, y = blobs(60)
    X_val, y_val = blobs(60, seed=1)
    y_val = (y_val + 1) % 3                     # every validation label is wrong
    model = nn.MLP([2, 16, 3], seed=0)
    history = train.fit(model, optim.Adam(model.params, lr=0.01), X, y, epochs=30,
                        batch_size=20, validation=(X_val, y_val))
    assert history["val_loss"][-1] > 2 * history["val_loss"][0]
    assert not history["diverged"] and history["epoch"][-1] == 30


@pytest.mark.parametrize("blowup, error", [(1.0, ValueError), (0.5, ValueError), (-3, ValueError),
                                           (float("nan"), ValueError), (True, TypeError),
                                           ("10", TypeError)])
def test_fit_rejects_bad_blowup(blowup, error):
    X, y = blobs()
    model = nn.MLP([2, 3, 3], seed=0)
    with pytest.raises(error, match="blowup"):
        train.fit(model, optim.SGD(model.params, lr=0.1), X, y, epochs=1, blowup=blowup)
