"""Self-checks for chapter 8 (a short history of backpropagation)."""

import numpy as np

from .. import classic
from ..classic import lms_update, perceptron_update
from . import Case, Mistake, cases, run_check

__all__ = ["perceptron_step", "alpha_lms_step", "symmetry_detector", "by_analogy"]


def _perceptron(w, b, x, t, lr):
    return perceptron_update(w, b, x, t, lr)


def perceptron_step(fn):
    """Check fn(w, b, x, t, lr) = (w + η(t − ŷ)x, b + η(t − ŷ)) with ŷ = step(w·x + b)."""
    w = np.array([0.5, -1.0, 0.25])
    x = np.array([1.0, 1.0, 2.0])                       # w·x = 0: the unit says 0
    inputs = [(w, -0.5, np.array([1.0, 0.0, 2.0]), 0, 1.0),  # says 1, should say 0
              (w, 0.2, np.array([0.0, 1.0, 1.0]), 1, 0.5),   # says 0, should say 1
              (w, 0.0, x, 0, 1.0),                            # says 0 and is right
              (w, 1.0, np.array([2.0, 0.0, 0.0]), 1, 0.1),   # says 1 and is right
              (w, 0.0, x, 1, 0.25)]                           # w·x + b = 0 counts as 0
    labels = ["a false positive", "a miss, η = 0.5", "already right (output 0)",
              "already right (output 1)", "net input exactly 0"]

    def wrong_sign(w, b, x, t, lr):
        new_w, new_b = perceptron_update(w, b, x, t, lr)
        return 2 * w - new_w, 2 * b - new_b

    def no_bias(w, b, x, t, lr):
        return perceptron_update(w, b, x, t, lr)[0], b

    def always(w, b, x, t, lr):                         # uses t instead of t − ŷ
        return w + lr * t * x, b + lr * t

    def linear(w, b, x, t, lr):                         # the delta rule on the linear output
        error = t - (w @ x + b)
        return w + lr * error * x, b + lr * error

    def ge_zero(w, b, x, t, lr):                        # step(0) = 1
        error = t - float(w @ x + b >= 0)
        return w + lr * error * x, b + lr * error

    mistakes = [
        Mistake(wrong_sign, "the update goes the wrong way: your error is ŷ − t, output minus "
                            "target"),
        Mistake(no_bias, "the weights are right but the bias did not move"),
        Mistake(always, "your step is scaled by the target t, so it also moves the weights when "
                        "the unit is right"),
        Mistake(linear, "ŷ is the thresholded output step(w·x + b) (0 or 1), not the net "
                        "input w·x + b"),
        Mistake(ge_zero, "at a net input of exactly 0 the unit outputs 0 (step(0) = 0 here)"),
    ]
    return run_check("perceptron_step", fn, cases(_perceptron, inputs, labels, names=("w", "b")),
                     hints=mistakes, forbid=[(classic, "perceptron_update")])


def _alpha_lms(w, b, x, d, alpha):
    return lms_update(w, b, x, d, alpha)[:2]


def alpha_lms_step(fn):
    """Check fn(w, b, x, d, α) = (w + αex/(|x|²+1), b + αe/(|x|²+1)), e = d − w·x − b."""
    rng = np.random.default_rng(808)
    inputs = [(np.zeros(4), 0.0, np.array([1.0, -1.0, 1.0, 1.0]), 1.0, 0.5),
              (rng.normal(size=5), 0.3, np.sign(rng.normal(size=5)), -1.0, 0.1),
              (rng.normal(size=3), -0.2, rng.normal(size=3), 2.5, 1.0),
              (rng.normal(size=16), 0.0, np.sign(rng.normal(size=16)), 1.0, 1.5)]
    labels = ["zero weights", "5 inputs of ±1", "3 real inputs, α = 1", "16 inputs, α = 1.5"]

    def mu_lms(w, b, x, d, alpha):
        return lms_update(w, b, x, d, alpha, normalized=False)[:2]

    def no_one(w, b, x, d, alpha):                      # |x|² without the bias input
        error = d - (w @ x + b)
        return w + alpha * error * x / (x @ x), b + alpha * error / (x @ x)

    def wrong_sign(w, b, x, d, alpha):
        new_w, new_b = _alpha_lms(w, b, x, d, alpha)
        return 2 * w - new_w, 2 * b - new_b

    def no_bias(w, b, x, d, alpha):
        return _alpha_lms(w, b, x, d, alpha)[0], b

    def norm_not_squared(w, b, x, d, alpha):
        error = d - (w @ x + b)
        size = np.sqrt(x @ x + 1.0)
        return w + alpha * error * x / size, b + alpha * error / size

    mistakes = [
        Mistake(mu_lms, "this is μ-LMS (plain gradient step); α-LMS divides the step by "
                        "|x|² + 1"),
        Mistake(no_one, "almost: the bias is a weight on a constant input 1, so the length "
                        "to divide by is |x|² + 1, not |x|²"),
        Mistake(norm_not_squared, "you divided by the length √(|x|² + 1) instead of its square"),
        Mistake(wrong_sign, "wrong direction: the error is e = d − (w·x + b) and the step "
                            "adds α e x / (|x|² + 1)"),
        Mistake(no_bias, "the weights are right but the bias did not move"),
    ]
    return run_check("alpha_lms_step", fn, cases(_alpha_lms, inputs, labels, names=("w", "b")),
                     hints=mistakes, forbid=[(classic, "lms_update")])


_PATTERNS = ((np.arange(64)[:, None] >> np.arange(5, -1, -1)) & 1).astype(np.float64)
_SYMMETRIC = np.all(_PATTERNS == _PATTERNS[:, ::-1], axis=1)


def _detects(w):
    s = _PATTERNS @ np.asarray(w, dtype=np.float64)
    scale = 1e-9 * max(1.0, float(np.abs(w).max()))
    return bool(np.all(np.abs(s[_SYMMETRIC]) <= scale) and np.all(np.abs(s[~_SYMMETRIC]) > scale))


def symmetry_detector(fn):
    """Check fn(w) = True iff w·x is 0 on all 8 mirror-symmetric 6-bit patterns, else never 0."""
    inputs = [(np.array([-4.0, 2.0, -1.0, 1.0, -2.0, 4.0]),),     # 1:2:4, antisymmetric: yes
              (np.array([3.0, -2.0, 1.0, -1.0, 2.0, -3.0]),),     # 1:2:3: 1 + 2 − 3 = 0: no
              (np.array([-3.6, 1.9, -1.0, 1.0, -1.9, 3.6]),),     # 1:1.9:3.6: yes
              (np.array([1.0, 2.0, 4.0, 4.0, 2.0, 1.0]),),        # symmetric weights: no
              (np.array([4.0, 2.0, 1.0, -1.0, -2.0, -4.01]),),    # not exactly opposite: no
              (np.array([2.0, 0.0, 1.0, -1.0, 0.0, -2.0]),),      # a zero pair: no
              (np.array([0.5, 1.0, -2.0, 2.0, -1.0, -0.5]),)]     # 1:2:4 in another order: yes
    labels = ["ratio 1:2:4", "ratio 1:2:3", "ratio 1:1.9:3.6", "symmetric weights",
              "one pair not exactly opposite", "one pair of zero weights",
              "1:2:4 in another order"]
    cs = [Case(args, _detects(*args), label=label)
          for args, label in zip(inputs, labels, strict=True)]

    def only_symmetric(w):                              # forgot to test the asymmetric patterns
        return bool(np.all(np.abs(_PATTERNS[_SYMMETRIC] @ w) < 1e-9))

    def only_asymmetric(w):
        return bool(np.all(np.abs(_PATTERNS[~_SYMMETRIC] @ w) > 1e-9))

    def not_bool(got, expected, case):
        if not isinstance(got, (bool, np.bool_)):
            return f"return True or False, got {type(got).__name__}"
        return None

    def compare(got, expected):
        if not isinstance(got, (bool, np.bool_)):
            return not_bool(got, expected, None)
        return None if bool(got) == expected else "wrong verdict"

    mistakes = [
        Mistake(only_symmetric, "a detector must also give a non-zero net input on every one "
                                "of the 56 asymmetric patterns, not only 0 on the symmetric ones"),
        Mistake(only_asymmetric, "you test the asymmetric patterns; also require w·x = 0 on the "
                                 "8 symmetric ones"),
    ]

    def hint(got, expected, case):
        return (f"wrong verdict for {case.label}: enumerate all 64 patterns and test both "
                f"conditions")

    return run_check("symmetry_detector", fn, cs, compare=compare,
                     hints=[not_bool, *mistakes, hint])


def _question(person, relation):
    x = np.zeros(36)
    x[person], x[24 + relation] = 1.0, 1.0
    return x


def _by_analogy(X_train, Y_train, x):
    person, relation = int(np.argmax(x[:24])), int(np.argmax(x[24:]))
    twin = _question((person + 12) % 24, relation)
    rows = np.flatnonzero(np.all(X_train == twin, axis=1))
    return np.roll(Y_train[rows[0]], 12) if len(rows) else np.zeros(24)


def by_analogy(fn):
    """Check fn(X_train, Y_train, x) = the answer of x's twin question in the other tree,
    moved across the trees (person k ↔ person k ± 12), or 24 zeros if the twin is not
    among the training questions."""
    _, X, Y = classic.family_trees()

    def without(*rows):
        keep = np.setdiff1d(np.arange(len(X)), rows)
        return X[keep], Y[keep]

    inputs = [(*without(44), X[44]),          # Colin's uncles: two answers, twin trained
              (*without(55), X[55]),          # an Italian question
              (*without(0, 17), X[0]),        # one answer; another question held out too
              (*without(44, 96), X[44])]      # both twins held out: no analogy
    labels = ["an English question with two answers", "an Italian question",
              "an English question with one answer", "a question whose twin is held out too"]

    def not_moved(X_train, Y_train, x):        # the twin's answer, left in the twin's tree
        y = _by_analogy(X_train, Y_train, x)
        return np.roll(y, 12) if y.any() else y

    def person_only(X_train, Y_train, x):      # the first question about the twin, any relation
        twin = (int(np.argmax(x[:24])) + 12) % 24
        rows = np.flatnonzero(X_train[:, twin] == 1)
        return np.roll(Y_train[rows[0]], 12) if len(rows) else np.zeros(24)

    def missing(got, expected, case):
        if got is None:
            return "when the twin question is not in the training set, return 24 zeros"
        return None

    mistakes = [
        missing,
        Mistake(not_moved, "your answer names people of the other tree: person 2 must move "
                           "across too, like person 1"),
        Mistake(person_only, "the twin question asks the *same relation* about the twin "
                             "person: match both parts of the input"),
    ]
    return run_check("by_analogy", fn, cases(_by_analogy, inputs, labels), hints=mistakes)
