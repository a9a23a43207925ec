"""The seed switch: set 1 is NumPy's own seeding, set 2 a disjoint stream for every seed."""

import numpy as np
import pytest

import backprop
from backprop import data, nn, seeds


def test_set_one_is_numpys_default_rng(monkeypatch):
    monkeypatch.delenv(seeds.VARIABLE, raising=False)
    assert seeds.seed_set() == 1
    assert np.array_equal(seeds.rng(7).random(5), np.random.default_rng(7).random(5))


def test_set_two_changes_every_stream_and_is_still_reproducible(monkeypatch):
    monkeypatch.setenv(seeds.VARIABLE, "2")
    second = [seeds.rng(s).random(4) for s in range(50)]
    first = [np.random.default_rng(s).random(4) for s in range(1000)]
    assert not any(np.array_equal(a, b) for a in second for b in first)
    assert np.array_equal(seeds.rng(3).random(4), second[3])


def test_library_draws_follow_the_switch(monkeypatch):
    monkeypatch.setenv(seeds.VARIABLE, "1")
    X1, _ = data.blobs(seed=0)
    W1 = nn.MLP([2, 3, 2], seed=0).layers[0].W.copy()
    monkeypatch.setenv(seeds.VARIABLE, "2")
    X2, _ = data.blobs(seed=0)
    W2 = nn.MLP([2, 3, 2], seed=0).layers[0].W
    assert not np.allclose(X1, X2) and not np.allclose(W1, W2)
    assert "seed set 2" in backprop.versions()


def test_generator_and_none_pass_through(monkeypatch):
    monkeypatch.setenv(seeds.VARIABLE, "2")
    g = np.random.default_rng(0)
    assert seeds.rng(g) is g
    assert isinstance(seeds.rng(None), np.random.Generator)


@pytest.mark.parametrize("value", ["3", "0", "two"])
def test_a_bad_switch_is_named(monkeypatch, value):
    monkeypatch.setenv(seeds.VARIABLE, value)
    with pytest.raises(ValueError, match="BACKPROP_SEED_SET must be 1 or 2"):
        seeds.rng(0)


def test_as_printed_only_under_the_first_set(monkeypatch):
    monkeypatch.setenv(seeds.VARIABLE, "1")
    assert seeds.as_printed()
    monkeypatch.setenv(seeds.VARIABLE, "2")
    assert not seeds.as_printed()
