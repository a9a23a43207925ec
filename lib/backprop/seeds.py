"""The book's seeds, and the one switch that swaps every one of them for a disjoint set.

Every random draw in the book and the library starts from ``rng(seed)``, which is
``np.random.default_rng(seed)``.  With the environment variable ``BACKPROP_SEED_SET=2``,
the same seed numbers give other streams: ``rng(s)`` becomes the generator of
``SeedSequence(s, spawn_key=(1,))``, the second child NumPy would spawn from seed ``s``,
a stream no plain seed the book uses can produce.  ``make test`` runs every notebook once
more that way, so that a conclusion resting on lucky seeds fails its assert.
"""

import os

import numpy as np

VARIABLE = "BACKPROP_SEED_SET"


def seed_set():
    """1 (the seeds printed in the book) or 2 (the disjoint set), read from $BACKPROP_SEED_SET."""
    value = os.environ.get(VARIABLE, "1").strip() or "1"
    if value not in ("1", "2"):
        raise ValueError(f"{VARIABLE} must be 1 or 2, got {value!r}")
    return int(value)


def as_printed():
    """True under the seeds whose outputs the book prints and its text quotes (set 1).

    Asserts that check a quoted number (this draw's split sizes, this run's count) run only
    then; asserts that check a conclusion run under both sets.
    """
    return seed_set() == 1


def rng(seed=None):
    """A NumPy Generator for ``seed`` from the active seed set.

    seed: a non-negative integer, None (fresh entropy) or a Generator (returned unchanged),
    exactly as ``np.random.default_rng`` takes it.
    """
    if seed is None or isinstance(seed, np.random.Generator) or seed_set() == 1:
        return np.random.default_rng(seed)
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(seed_set() - 1,)))
