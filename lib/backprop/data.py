"""Data sets for the chapters: small seeded generators and the 8×8 handwritten digits.

Every generator takes ``seed`` and draws from its own ``seeds.rng(seed)``,
so the same call always returns the same arrays and nothing touches global state.
Inputs ``X`` are float64 with one row per example; class labels ``y`` are int64 of
shape ``(n,)``; regression targets ``y`` are float64 of shape ``(n, 1)``, the shape of a
one-output network's prediction. The 2-D classification sets are shuffled, so classes
are interleaved. NumPy only.
"""

import csv
import functools
import gzip
import importlib.resources
import io
import json
import math

import numpy as np

from . import _checks, seeds

__all__ = ["line", "polynomial", "blobs", "xor", "moons", "spirals", "circles", "digits", "names",
           "split", "one_hot", "cached_table", "write_table"]


# ---- argument checks (and the shared ones of backprop._checks) ------------------------

def _rng(seed):
    return seeds.rng(_checks.integer(seed, "seed", minimum=0))


def _counts(n, k):
    """Split n examples as evenly as possible over k classes."""
    return [n // k + (i < n % k) for i in range(k)]


def _shuffled(rng, X, y):
    order = rng.permutation(len(y))
    return X[order], y[order]


# ---- regression ------------------------------------------------------------------------

def line(n=100, slope=2.0, intercept=-1.0, noise=0.1, seed=0, x_range=(-1.0, 1.0)):
    """Noisy points on a line: y = slope·x + intercept + noise·ε, ε ~ N(0, 1) (chapter 2).

    x is uniform in ``x_range``. Returns X (n, 1) and y (n, 1).
    """
    return polynomial(n, (intercept, slope), noise, seed, x_range)


def polynomial(n=100, coeffs=(1.0, -1.0, -3.0, 2.0), noise=0.1, seed=0, x_range=(-1.0, 1.0)):
    """Noisy polynomial: y = c₀ + c₁x + c₂x² + … + noise·ε, ε ~ N(0, 1) (chapter 3).

    ``coeffs`` lists c₀, c₁, … (lowest power first); x is uniform in ``x_range``.
    Returns X (n, 1) and y (n, 1).
    """
    n = _checks.integer(n, "n", minimum=1)
    if isinstance(coeffs, str) or not np.iterable(coeffs):
        raise TypeError(f"coeffs must be a sequence of numbers, got {coeffs!r:.60}")
    coeffs = [_checks.real(c, f"coeffs[{i}]") for i, c in enumerate(coeffs)]
    if not coeffs:
        raise ValueError("coeffs must hold at least one coefficient")
    noise = _checks.real(noise, "noise", 0.0)
    lo, hi = _checks.interval(x_range, "x_range")
    rng = _rng(seed)
    x = rng.uniform(lo, hi, size=n)
    y = np.polynomial.polynomial.polyval(x, coeffs) + noise * rng.standard_normal(n)
    return x.reshape(n, 1), y.reshape(n, 1)


# ---- 2-D classification ----------------------------------------------------------------

def blobs(n=200, centers=((-1.0, -1.0), (1.0, 1.0)), noise=0.4, seed=0):
    """Gaussian clusters, one per class, around the 2-D ``centers`` (explorers of chapters 1, 8).

    ``noise`` is each cluster's standard deviation; class k gets about n/K points.
    Well-separated centres give data a straight line can split. Returns X (n, 2), y (n,).
    """
    centers = np.asarray(centers, dtype=float)
    if centers.ndim != 2 or centers.shape[1] != 2 or len(centers) < 2:
        raise ValueError(f"centers must be at least two 2-D points, shape (K, 2), "
                         f"got shape {centers.shape}")
    if not np.all(np.isfinite(centers)):
        raise ValueError("centers must be finite")
    n = _checks.integer(n, "n", minimum=len(centers))
    noise = _checks.real(noise, "noise", 0.0)
    rng = _rng(seed)
    y = np.repeat(np.arange(len(centers), dtype=np.int64), _counts(n, len(centers)))
    X = centers[y] + noise * rng.standard_normal((n, 2))
    return _shuffled(rng, X, y)


def xor(n=200, noise=0.3, seed=0):
    """XOR: Gaussian blobs at (±1, ±1); class 1 where the signs of x₁ and x₂ differ (chapter 1).

    ``noise`` is the standard deviation of each blob. The four corners get n/4 points each
    (±1). No single straight line separates the classes. Returns X (n, 2), y (n,).
    """
    n = _checks.integer(n, "n", minimum=4)
    noise = _checks.real(noise, "noise", 0.0)
    rng = _rng(seed)
    corners = np.array([[1.0, 1.0], [-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0]])
    which = np.repeat(np.arange(4), _counts(n, 4))
    X = corners[which] + noise * rng.standard_normal((n, 2))
    y = (which >= 2).astype(np.int64)
    return _shuffled(rng, X, y)


def moons(n=200, noise=0.1, seed=0):
    """Two interleaving half circles, centred on the origin (chapters 1 and 2).

    Class 0 lies on the upper arc (cos t, sin t), class 1 on the lower arc
    (1 − cos t, ½ − sin t), t uniform in [0, π]; both are shifted by (−½, −¼) and
    jittered by Gaussian noise of standard deviation ``noise``. Returns X (n, 2), y (n,).
    """
    n = _checks.integer(n, "n", minimum=2)
    noise = _checks.real(noise, "noise", 0.0)
    rng = _rng(seed)
    n0, n1 = _counts(n, 2)
    t = rng.uniform(0.0, np.pi, size=n)
    upper = np.column_stack([np.cos(t[:n0]), np.sin(t[:n0])])
    lower = np.column_stack([1.0 - np.cos(t[n0:]), 0.5 - np.sin(t[n0:])])
    X = np.vstack([upper, lower]) - [0.5, 0.25] + noise * rng.standard_normal((n, 2))
    y = np.repeat(np.arange(2, dtype=np.int64), [n0, n1])
    return _shuffled(rng, X, y)


def spirals(n=300, classes=3, noise=0.05, seed=0):
    """``classes`` interleaved spiral arms, one per class (chapter 9's explorer).

    Arm k: radius r uniform in [0, 1], angle θ = 2πk/K + 5·r (radians), point
    r·(cos θ, sin θ) plus Gaussian noise of standard deviation ``noise``.
    Returns X (n, 2) in about [−1, 1]², y (n,) with labels 0 … K−1.
    """
    classes = _checks.integer(classes, "classes", minimum=2)
    n = _checks.integer(n, "n", minimum=classes)
    noise = _checks.real(noise, "noise", 0.0)
    rng = _rng(seed)
    y = np.repeat(np.arange(classes, dtype=np.int64), _counts(n, classes))
    r = rng.uniform(0.0, 1.0, size=n)
    theta = 2 * np.pi * y / classes + 5.0 * r
    X = r[:, None] * np.column_stack([np.cos(theta), np.sin(theta)])
    X += noise * rng.standard_normal((n, 2))
    return _shuffled(rng, X, y)


def circles(n=200, noise=0.05, factor=0.5, seed=0):
    """Two concentric circles: class 0 of radius 1, class 1 of radius ``factor`` (chapter 9).

    Angles are uniform; points are jittered by Gaussian noise of standard deviation
    ``noise``; 0 < factor < 1. Returns X (n, 2), y (n,).
    """
    n = _checks.integer(n, "n", minimum=2)
    noise = _checks.real(noise, "noise", 0.0)
    factor = _checks.real(factor, "factor", 0.0)
    if not 0.0 < factor < 1.0:
        raise ValueError(f"factor must lie strictly between 0 and 1, got {factor}")
    rng = _rng(seed)
    y = np.repeat(np.arange(2, dtype=np.int64), _counts(n, 2))
    radius = np.where(y == 0, 1.0, factor)
    t = rng.uniform(0.0, 2 * np.pi, size=n)
    X = radius[:, None] * np.column_stack([np.cos(t), np.sin(t)])
    X += noise * rng.standard_normal((n, 2))
    return _shuffled(rng, X, y)


# ---- the handwritten digits ------------------------------------------------------------

DIGIT_FILES = {"test": ("digits.csv.gz", 1797), "train": ("digits_tra.csv.gz", 3823)}


@functools.cache
def _digits_table(part="test"):
    name, rows = DIGIT_FILES[part]
    resource = importlib.resources.files(__package__) / "data" / name
    with resource.open("rb") as raw, gzip.open(raw, "rt") as text:
        table = np.loadtxt(text, delimiter=",", dtype=np.int64)
    if table.shape != (rows, 65) or table[:, :64].min() < 0 or table[:, :64].max() > 16:
        raise RuntimeError(f"{name} is damaged: table of shape {table.shape}")
    table.setflags(write=False)
    return table


def digits(part="test"):
    """8×8 handwritten digits from UCI's optdigits (chapter 7).

    ``part="test"`` (the default, the chapter's data set) gives the 1,797 digits of the
    optdigits test file, written by 13 people (CC BY 4.0; see data/DIGITS_LICENSE.txt),
    so a random split puts each writer's digits in every part: scores are optimistic
    for new writers. ``part="train"`` gives the 3,823 digits of the optdigits training
    file, written by 30 *other* people (data/DIGITS_TRA_LICENSE.txt): new handwriting.

    Returns X (n, 64) float64, the pixels row by row divided by 16 so they lie in
    [0, 1], and y (n,) int64 labels 0 … 9. ``X[i].reshape(8, 8)`` is image i.
    Each file is read once per session; each call returns fresh copies.
    """
    if part not in DIGIT_FILES:
        raise ValueError(f"part must be one of test, train, got {part!r:.60}")
    table = _digits_table(part)
    return table[:, :64] / 16.0, table[:, 64].copy()


# ---- first names, for the language model of chapter 10 -------------------------------

NAME_PARTS = ("train", "val", "test")


@functools.cache
def _names_table():
    resource = importlib.resources.files(__package__) / "data" / "names.csv.gz"
    with resource.open("rb") as raw, gzip.open(raw, "rt") as text:
        rows = list(csv.reader(text))
    if rows[0] != ["name", "part"] or len(rows) != 5164:
        raise RuntimeError(f"names.csv.gz is damaged: {len(rows)} lines, header {rows[0]}")
    return tuple((name, part) for name, part in rows[1:])


def names(part="train"):
    """First names from the 1990 US census, in one part of a fixed split (chapter 10).

    5,163 names, lower case a–z (public domain; see data/NAMES_LICENSE.txt). The split is
    fixed, not drawn: a name is in "train" if crc32(name) mod 10 < 8, "val" if it is 8,
    "test" if it is 9, giving 4,153 / 497 / 513 names. Returns a new list of strings in
    alphabetical order.
    """
    if part not in NAME_PARTS:
        raise ValueError(f"part must be one of {', '.join(NAME_PARTS)}, got {part!r:.40}")
    return [name for name, where in _names_table() if where == part]


# ---- splitting and encoding ------------------------------------------------------------

def _allocate(m, fractions, rng):
    """Split m items into parts proportional to fractions: largest remainders, ties at random."""
    exact = m * np.asarray(fractions)
    counts = np.floor(exact).astype(int)
    extra = m - counts.sum()
    counts[np.lexsort((rng.random(len(counts)), counts - exact))[:extra]] += 1
    return counts


def split(X, y, fractions=(0.6, 0.2, 0.2), seed=0):
    """Shuffle and split into training, validation and test sets (chapter 7).

    When y holds integer class labels the split is stratified: each class is divided in
    the given proportions, so every part keeps the class balance. Otherwise (regression
    targets) the rows are split at random. A fraction may be 0 (that part is empty).
    Returns (X_train, y_train, X_val, y_val, X_test, y_test).
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0 or len(X) == 0:
        raise ValueError(f"X and y need one row per example, got shapes {X.shape} and {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"X and y have different numbers of rows: {X.shape} and {y.shape}")
    if isinstance(fractions, str) or not np.iterable(fractions):
        raise TypeError(f"fractions must be three numbers, got {fractions!r:.60}")
    fractions = [_checks.real(f, f"fractions[{i}]", 0.0) for i, f in enumerate(fractions)]
    if len(fractions) != 3 or not math.isclose(sum(fractions), 1.0, abs_tol=1e-9):
        raise ValueError(f"fractions must be three numbers >= 0 that sum to 1, got {fractions}")
    rng = _rng(seed)
    if np.issubdtype(y.dtype, np.integer) or y.dtype == bool:
        groups = [np.flatnonzero(y == label) for label in np.unique(y)]
    else:
        groups = [np.arange(len(y))]
    parts = [[], [], []]
    for members in groups:
        members = rng.permutation(members)
        bounds = np.cumsum(_allocate(len(members), fractions, rng))[:2]
        for part, chunk in zip(parts, np.split(members, bounds), strict=True):
            part.append(chunk)
    result = []
    for part in parts:
        index = rng.permutation(np.concatenate(part)).astype(np.intp)
        result += [X[index], y[index]]
    return tuple(result)


def one_hot(y, k=None):
    """One-hot encode labels: Y[i, y[i]] = 1, zeros elsewhere (chapters 2 and 10).

    ``y`` holds integer labels 0 … k−1 of shape (N,); k defaults to max(y) + 1.
    Returns Y (N, k) float64.
    """
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be a 1-D array of class labels, got shape {y.shape}")
    if y.size and not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"y must hold integer class labels, got dtype {y.dtype}")
    if k is None:
        if y.size == 0:
            raise ValueError("cannot infer k from an empty y; pass k")
        k = int(y.max()) + 1
    k = _checks.integer(k, "k", minimum=1)
    if y.size and (y.min() < 0 or y.max() >= k):
        raise ValueError(f"labels must lie in 0 … {k - 1}, got values from {y.min()} to {y.max()}")
    Y = np.zeros((y.size, k))
    Y[np.arange(y.size), y.astype(np.intp)] = 1.0
    return Y


# ---- cached experiment results ---------------------------------------------------------

def cached_table(name):
    """Results of a slow experiment, run once by a script in tools/ and shipped (chapter 7).

    Reads ``backprop/data/<name>.csv.gz``: a first line ``# {settings as JSON}``, then a
    CSV table with a header. Returns (settings dict, list of rows, each a dict of strings
    keyed by the header). The chapter that uses a table checks its settings against its own.
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be a file stem such as 'ch07_splits', got {name!r:.60}")
    resource = importlib.resources.files(__package__) / "data" / f"{name}.csv.gz"
    if not resource.is_file():
        raise FileNotFoundError(f"no cached table {name!r}: backprop/data/{name}.csv.gz is "
                                f"missing (the script in tools/ that makes it writes it there)")
    with resource.open("rb") as raw, gzip.open(raw, "rt") as text:
        first = text.readline()
        if not first.startswith("# "):
            raise ValueError(f"{name}.csv.gz must start with '# {{settings as JSON}}'")
        return json.loads(first[2:]), list(csv.DictReader(text))


def write_table(path, settings, header, rows):
    """Write a table that :func:`cached_table` reads: ``# {settings as JSON}``, then CSV, gzipped.

    The tools/ scripts that run slow experiments use it. The gzip header carries no time
    stamp, so the same results always give the same bytes.
    """
    text = io.StringIO()
    text.write("# " + json.dumps(settings) + "\n")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(text.getvalue().encode())
