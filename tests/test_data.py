"""Data sets: seeded and deterministic, documented shapes and dtypes, the digits, split, one_hot."""

import gzip
import hashlib
import importlib.resources
import subprocess
import sys
from importlib.resources import files

import numpy as np
import pytest

from backprop import data, train

CLASSIFICATION = [data.blobs, data.xor, data.moons, data.spirals, data.circles]
REGRESSION = [data.line, data.polynomial]


# ---- determinism, shapes, dtypes -------------------------------------------------------

@pytest.mark.parametrize("make", CLASSIFICATION + REGRESSION)
def test_same_seed_same_data_other_seed_other_data(make):
    X1, y1 = make(seed=3)
    X2, y2 = make(seed=3)
    X3, _ = make(seed=4)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize("make", CLASSIFICATION + REGRESSION)
def test_generators_leave_numpys_global_random_state_alone(make):
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    make(seed=0)
    assert np.array_equal(np.random.get_state()[1], before)


@pytest.mark.parametrize("make", CLASSIFICATION)
@pytest.mark.parametrize("n", [7, 200])
def test_classification_shapes_dtypes_and_balanced_classes(make, n):
    X, y = make(n=n, seed=0)
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    counts = np.bincount(y)
    assert counts.max() - counts.min() <= 1
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("make", REGRESSION)
def test_regression_shapes_dtypes(make):
    X, y = make(n=31, seed=0)
    assert X.shape == (31, 1) and y.shape == (31, 1)
    assert X.dtype == y.dtype == np.float64


def test_classes_are_shuffled_not_in_blocks():
    _, y = data.moons(n=200, seed=0)
    assert 0 < y[:20].sum() < 20


# ---- each generator draws what its docstring says ---------------------------------------

def test_line_without_noise_lies_on_the_line_inside_x_range():
    X, y = data.line(n=50, slope=-3.0, intercept=0.5, noise=0.0, seed=1, x_range=(2, 4))
    assert np.allclose(y, -3.0 * X + 0.5)
    assert X.min() >= 2 and X.max() <= 4


def test_line_noise_has_the_requested_standard_deviation():
    X, y = data.line(n=20000, slope=1.0, intercept=0.0, noise=0.3, seed=2)
    assert np.std(y - X) == pytest.approx(0.3, rel=0.03)


def test_polynomial_coefficients_are_lowest_power_first():
    X, y = data.polynomial(n=40, coeffs=(1.0, 0.0, -2.0, 0.5), noise=0.0, seed=0)
    x = X[:, 0]
    assert np.allclose(y[:, 0], 1.0 - 2.0 * x**2 + 0.5 * x**3)


def test_xor_labels_are_one_where_the_signs_differ():
    X, y = data.xor(n=100, noise=0.0, seed=0)
    assert np.all(np.abs(X) == 1.0)
    assert np.array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(np.int64))


def test_no_straight_line_classifies_xor_well():
    X, y = data.xor(n=200, seed=0)
    angles = np.linspace(0, 2 * np.pi, 360, endpoint=False)
    normals = np.column_stack([np.cos(angles), np.sin(angles)])  # every orientation, both sides
    offsets = np.linspace(-2, 2, 81)
    z = (X @ normals.T)[:, :, None] + offsets  # (points, angles, offsets)
    accuracy = ((z > 0) == (y == 1)[:, None, None]).mean(axis=0)
    assert accuracy.max() < 0.8


def test_blobs_with_far_apart_centres_are_split_by_their_bisector():
    X, y = data.blobs(n=200, centers=((-2.0, 0.0), (2.0, 0.0)), noise=0.3, seed=0)
    assert np.array_equal(X[:, 0] > 0, y == 1)


def test_circles_without_noise_have_radius_one_and_factor():
    X, y = data.circles(n=60, noise=0.0, factor=0.3, seed=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert np.allclose(radius[y == 0], 1.0) and np.allclose(radius[y == 1], 0.3)


def test_moons_are_centred_and_class_zero_is_the_upper_arc_before_shifting():
    X, y = data.moons(n=400, noise=0.0, seed=0)
    upper = X[y == 0] + [0.5, 0.25]
    assert np.allclose(np.hypot(*upper.T), 1.0) and np.all(upper[:, 1] >= -1e-12)
    assert np.abs(X.mean(axis=0)).max() < 0.1


def test_spirals_without_noise_stay_in_the_unit_disc_with_one_arm_per_class():
    X, y = data.spirals(n=300, classes=5, noise=0.0, seed=0)
    assert np.hypot(*X.T).max() <= 1.0
    assert set(y) == set(range(5))


# ---- argument checks ---------------------------------------------------------------------

@pytest.mark.parametrize("call, error, words", [
    (lambda: data.moons(n=0), ValueError, "n must be at least"),
    (lambda: data.moons(n=2.5), TypeError, "n must be an integer"),
    (lambda: data.moons(n=True), TypeError, "n must be an integer"),
    (lambda: data.moons(noise=-0.1), ValueError, "noise must be >= 0"),
    (lambda: data.moons(noise=float("nan")), ValueError, "noise must be finite"),
    (lambda: data.moons(seed=-1), ValueError, "seed must be a non-negative integer, got -1"),
    (lambda: data.moons(seed=1.5), TypeError, "seed must be a non-negative integer, got float"),
    (lambda: data.xor(n=3), ValueError, "n must be at least 4"),
    (lambda: data.spirals(n=2, classes=3), ValueError, "n must be at least 3"),
    (lambda: data.spirals(classes=1), ValueError, "classes must be at least 2"),
    (lambda: data.circles(factor=1.0), ValueError, "factor must lie strictly between 0 and 1"),
    (lambda: data.line(x_range=(1, 1)), ValueError, "x_range must have low < high"),
    (lambda: data.line(x_range=3), TypeError, "x_range must be a pair"),
    (lambda: data.polynomial(coeffs=()), ValueError, "at least one coefficient"),
    (lambda: data.polynomial(coeffs=2.0), TypeError, "coeffs must be a sequence"),
    (lambda: data.polynomial(coeffs=(1, "a")), TypeError, "coeffs[1] must be a real number"),
    (lambda: data.blobs(centers=((0, 0),)), ValueError, "centers must be at least two"),
])
def test_bad_arguments_get_a_clear_error(call, error, words):
    with pytest.raises(error, match=words.replace("[", r"\[").replace("]", r"\]")):
        call()


# ---- digits ------------------------------------------------------------------------------

def test_digits_are_the_1797_uci_images_scaled_to_unit_interval():
    X, y = data.digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    assert np.allclose(X * 16, np.round(X * 16))  # counts 0..16 divided by 16
    assert np.array_equal(np.bincount(y), [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])


def test_digits_returns_fresh_copies():
    X, y = data.digits()
    X[:] = -1
    y[:] = -1
    X2, y2 = data.digits()
    assert X2.min() == 0.0 and y2.min() == 0


def test_digits_file_is_gzip_csv_of_64_pixels_and_a_label_with_its_licence():
    folder = files("backprop") / "data"
    with (folder / "digits.csv.gz").open("rb") as raw, gzip.open(raw, "rt") as text:
        first = text.readline().strip().split(",")
    assert len(first) == 65 and all(v.isdigit() for v in first)
    licence = (folder / "DIGITS_LICENSE.txt").read_text(encoding="utf-8")
    for words in ("Alpaydin", "Kaynak", "10.24432/C50P49", "CC BY 4.0", "gzip"):
        assert words in licence


def test_digits_train_part_is_the_3823_uci_training_images_by_other_writers():
    X, y = data.digits("train")
    assert X.shape == (3823, 64) and X.dtype == np.float64
    assert y.shape == (3823,) and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    assert np.allclose(X * 16, np.round(X * 16))
    # the class counts listed in UCI's optdigits.names for the training file
    assert np.array_equal(np.bincount(y), [376, 389, 380, 389, 387, 376, 377, 387, 380, 382])
    X_test, _ = data.digits()
    assert not {row.tobytes() for row in X} & {row.tobytes() for row in X_test}
    assert np.array_equal(data.digits("test")[0], X_test)
    with pytest.raises(ValueError, match="part must be one of test, train"):
        data.digits("val")


def test_digits_train_file_has_its_licence_and_provenance():
    folder = files("backprop") / "data"
    with (folder / "digits_tra.csv.gz").open("rb") as raw, gzip.open(raw, "rb") as text:
        body = text.read()
    licence = (folder / "DIGITS_TRA_LICENSE.txt").read_text(encoding="utf-8")
    assert hashlib.sha256(body).hexdigest() in licence
    for words in ("Alpaydin", "Kaynak", "10.24432/C50P49", "CC BY 4.0", "optdigits.tra",
                  "30 contributed", "62f33c6bdb37797a70e2e9180a4c4bd65c11c67a"):
        assert words in licence.replace("\n  ", " "), words


# ---- names (chapter 10) ------------------------------------------------------------------

def test_names_split_is_the_documented_crc32_rule_and_disjoint():
    import zlib

    parts = {part: data.names(part) for part in data.NAME_PARTS}
    assert [len(parts[p]) for p in data.NAME_PARTS] == [4153, 497, 513]
    everything = [n for p in data.NAME_PARTS for n in parts[p]]
    assert len(set(everything)) == len(everything) == 5163
    for part, members in parts.items():
        assert members == sorted(members)
        for name in members:
            assert name.isascii() and name.isalpha() and name.islower() and 2 <= len(name) <= 11
            digit = zlib.crc32(name.encode("ascii")) % 10
            assert part == ("train" if digit < 8 else "val" if digit == 8 else "test")
    assert {"mary", "james", "john"} <= set(everything)


def test_names_returns_a_fresh_list_and_rejects_an_unknown_part():
    first = data.names("val")
    first.clear()
    assert len(data.names("val")) == 497
    with pytest.raises(ValueError, match="part must be one of train, val, test"):
        data.names("validation")


def test_names_file_has_its_licence_and_provenance():
    licence = (files("backprop") / "data" / "NAMES_LICENSE.txt").read_text(encoding="utf-8")
    for words in ("1990", "Census Bureau", "Public domain", "`names` 0.3.0", "crc32", "sha256"):
        assert words.lower() in licence.lower(), words


def test_loading_digits_needs_neither_sklearn_nor_matplotlib():
    code = ("import sys, backprop.data as d; d.digits(); "
            "bad = [m for m in ('sklearn', 'matplotlib') if m in sys.modules]; "
            "sys.exit(', '.join(bad) or None)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# ---- split -------------------------------------------------------------------------------

def _split_indices(y, **kw):
    X = np.arange(len(y)).reshape(-1, 1)  # each row remembers where it came from
    return data.split(X, y, **kw)


def test_split_parts_are_disjoint_and_cover_everything():
    _, y = data.digits()
    Xtr, ytr, Xva, yva, Xte, yte = _split_indices(y, seed=0)
    rows = np.concatenate([Xtr[:, 0], Xva[:, 0], Xte[:, 0]])
    assert np.array_equal(np.sort(rows), np.arange(len(y)))
    for X_part, y_part in ((Xtr, ytr), (Xva, yva), (Xte, yte)):
        assert np.array_equal(y[X_part[:, 0]], y_part)  # rows keep their labels


def test_split_is_stratified():
    _, y = data.digits()
    fractions = (0.5, 0.3, 0.2)
    parts = _split_indices(y, fractions=fractions, seed=1)
    totals = np.bincount(y)
    for part, f in zip(parts[1::2], fractions, strict=True):
        assert np.all(np.abs(np.bincount(part, minlength=10) - f * totals) <= 1)


def test_split_is_deterministic_by_seed_and_shuffled():
    _, y = data.moons(n=100, seed=0)
    a, b, c = (_split_indices(y, seed=s) for s in (5, 5, 6))
    assert all(np.array_equal(p, q) for p, q in zip(a, b, strict=True))
    assert not np.array_equal(a[0], c[0])
    assert not np.all(np.diff(a[0][:, 0]) > 0)


def test_split_zero_fraction_gives_an_empty_part_and_regression_targets_work():
    X, y = data.line(n=50, seed=0)
    Xtr, ytr, Xva, yva, Xte, yte = data.split(X, y, fractions=(0.8, 0.0, 0.2))
    assert Xtr.shape == (40, 1) and ytr.shape == (40, 1)
    assert Xva.shape == (0, 1) and yva.shape == (0, 1)
    assert Xte.shape == (10, 1)


@pytest.mark.parametrize("kwargs, words", [
    (dict(fractions=(0.5, 0.5)), "three numbers"),
    (dict(fractions=(0.7, 0.2, 0.2)), "sum to 1"),
    (dict(fractions=(1.2, -0.1, -0.1)), "must be >= 0"),
])
def test_split_rejects_bad_fractions(kwargs, words):
    X, y = data.moons(n=20, seed=0)
    with pytest.raises(ValueError, match=words):
        data.split(X, y, **kwargs)


def test_split_rejects_mismatched_rows():
    with pytest.raises(ValueError, match="different numbers of rows"):
        data.split(np.zeros((5, 2)), np.zeros(4, dtype=int))


# ---- one_hot -----------------------------------------------------------------------------

def test_one_hot_puts_a_single_one_at_each_label():
    y = np.array([2, 0, 1, 2])
    Y = data.one_hot(y)
    assert Y.shape == (4, 3) and Y.dtype == np.float64
    assert np.array_equal(Y.argmax(axis=1), y) and np.all(Y.sum(axis=1) == 1)
    assert data.one_hot(y, k=5).shape == (4, 5)


@pytest.mark.parametrize("y, k, error, words", [
    (np.array([0, 3]), 3, ValueError, "labels must lie in 0 … 2"),
    (np.array([-1, 0]), None, ValueError, "labels must lie in"),
    (np.array([0.0, 1.0]), None, TypeError, "integer class labels"),
    (np.array([[0, 1]]), None, ValueError, "1-D array"),
    (np.array([], dtype=int), None, ValueError, "pass k"),
])
def test_one_hot_rejects_bad_labels(y, k, error, words):
    with pytest.raises(error, match=words):
        data.one_hot(y, k)


# ---- cached experiment tables ----------------------------------------------------------

def _tool(name):
    import importlib

    return importlib.import_module(f"tools.{name}")


def test_chapter7_cache_holds_what_its_script_would_write():
    tool = _tool("ch07_splits")
    settings, rows = data.cached_table("ch07_splits")
    assert settings == tool.SETTINGS                       # made with the script's settings
    expected = set()
    for split in tool.SETTINGS["split_seeds"]:
        for stage in ("val", "test"):
            for method in tool.SETTINGS[stage]:
                seeds = [-1] if method in ("nearest", "svm") else tool.SETTINGS["train_seeds"]
                names = [method]
                if (stage, method) == ("val", "svm"):         # one row per C of the grid
                    names = [f"svm_C{C}" for C in tool.SETTINGS["svm"]["C"]]
                expected |= {(split, stage, name, seed) for name in names for seed in seeds}
    found = [(int(r["split"]), r["stage"], r["method"], int(r["seed"])) for r in rows]
    assert len(found) == len(set(found)) and set(found) == expected   # every run, once
    assert all(0.9 < float(r["accuracy"]) <= 1 for r in rows)


def test_chapter7_cache_rows_can_be_recomputed():
    # one cached row recomputed from scratch: split 3, 1-nearest neighbour, both stages
    tool = _tool("ch07_splits")
    _, rows = data.cached_table("ch07_splits")
    X, y = data.digits()
    X_tr, y_tr, X_va, y_va, X_te, y_te = data.split(X, y, tool.SETTINGS["fractions"], seed=3)
    val = train.accuracy(y_va, tool.nearest_neighbour(X_tr, y_tr, X_va))
    full = np.vstack([X_tr, X_va]), np.concatenate([y_tr, y_va])
    test = train.accuracy(y_te, tool.nearest_neighbour(*full, X_te))
    cached = {r["stage"]: float(r["accuracy"]) for r in rows
              if r["split"] == "3" and r["method"] == "nearest"}
    assert cached == {"val": val, "test": test}
    # and its SVM: the C that scored best on validation, refit, tested once
    val_svm = {C: float(r["accuracy"]) for C in tool.SETTINGS["svm"]["C"] for r in rows
               if (r["split"], r["stage"], r["method"]) == ("3", "val", f"svm_C{C}")}
    C = max(val_svm, key=lambda C: (val_svm[C], -C))
    assert val_svm[C] > 0.98
    test_svm = [float(r["accuracy"]) for r in rows
                if (r["split"], r["stage"], r["method"]) == ("3", "test", "svm")]
    assert test_svm == [tool.svm_accuracy(*full, X_te, y_te, C)]


def test_chapter10_cache_holds_what_its_script_would_write():
    tool = _tool("ch10_longer")
    settings, rows = data.cached_table("ch10_runs")
    assert settings == tool.SETTINGS
    found = [(int(r["seed_set"]), int(r["seed"])) for r in rows]
    assert found == [(s, seed) for s in (1, 2) for seed in tool.SETTINGS["seeds"]]
    losses = np.array([[float(r[f"epoch_{e}"]) for e in range(41)] for r in rows])
    assert np.all((1.9 < losses[:, -1]) & (losses[:, -1] < 2.2))     # trained, not diverged


@pytest.mark.parametrize("name, error", [("../etc", ValueError),
                                         ("no_such_table", FileNotFoundError), (7, ValueError)])
def test_cached_table_rejects_bad_names(name, error):
    with pytest.raises(error, match="name|no cached table"):
        data.cached_table(name)


@pytest.mark.parametrize("name", ["ch07_splits", "ch08_runs", "ch08_family", "ch09_curves",
                                  "ch10_runs"])
def test_write_table_gives_back_the_shipped_bytes(name, tmp_path):
    # the tools/ scripts write their caches with write_table: what cached_table reads, written
    # again, must be the very file that ships
    settings, rows = data.cached_table(name)
    header = list(rows[0])
    out = tmp_path / f"{name}.csv.gz"
    data.write_table(out, settings, header, [[row[k] for k in header] for row in rows])
    shipped = importlib.resources.files("backprop") / "data" / f"{name}.csv.gz"
    assert out.read_bytes() == shipped.read_bytes()
