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
              (w, -1.0, np.array([1.0, 0.0, 1.0]), 0, 1.0),  # says 0 (the bias decides), right
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

    def t_on_mistakes(w, b, x, t, lr):                  # t instead of t − ŷ, on mistakes only
        if float(w @ x + b > 0) == t:
            return w, b
        return w + lr * t * x, b + lr * t

    def linear(w, b, x, t, lr):                         # the delta rule on the linear output
        error = t - (w @ x + b)
        return w + lr * error * x, b + lr * error

    def ge_zero(w, b, x, t, lr):                        # step(0) = 1
        error = t - float(w @ x + b >= 0)
        return w + lr * error * x, b + lr * error

    def with_output(output):                            # the rule with another ŷ
        def rule(w, b, x, t, lr):
            error = t - output(w @ x + b, w @ x)
            return w + lr * error * x, b + lr * error
        return rule

    def no_lr(w, b, x, t, lr):
        return perceptron_update(w, b, x, t, 1.0)

    def no_lr_bias(w, b, x, t, lr):
        new_w, new_b = perceptron_update(w, b, x, t, lr)
        return new_w, b + (new_b - b) / lr

    def bias_times_x(w, b, x, t, lr):
        new_w, new_b = perceptron_update(w, b, x, t, lr)
        return new_w, b + (new_b - b) * x

    def swapped(w, b, x, t, lr):
        new_w, new_b = perceptron_update(w, b, x, t, lr)
        return new_b, new_w

    mistakes = [
        Mistake(wrong_sign, "the update goes the wrong way: your error is ŷ − t, output minus "
                            "target"),
        Mistake(no_bias, "the weights are right but the bias did not move"),
        Mistake(always, "your step is scaled by the target t, so it also moves the weights when "
                        "the unit is right"),
        Mistake(t_on_mistakes, "on a false positive (target 0, output 1) nothing moved: your "
                               "step is scaled by the target t, which is 0 there, not by the "
                               "error t − ŷ"),
        Mistake(linear, "ŷ is the thresholded output step(w·x + b) (0 or 1), not the net "
                        "input w·x + b"),
        Mistake(ge_zero, "at a net input of exactly 0 the unit outputs 0 (step(0) = 0 here)"),
        Mistake(with_output(lambda z, wx: float(wx > 0)),
                "your ŷ ignores the bias: the unit thresholds the whole net input w·x + b"),
        Mistake(with_output(lambda z, wx: float(np.sign(z))),
                "your ŷ is −1, 0 or +1 (a sign); this unit outputs 0 or 1, as the targets do"),
        Mistake(with_output(lambda z, wx: 1.0 / (1.0 + np.exp(-z))),
                "your ŷ is a sigmoid, between 0 and 1; the perceptron's output is the hard "
                "step, exactly 0 or 1"),
        Mistake(no_lr, "your step is not scaled by the learning rate `lr` (the case with "
                       "lr = 1 passed)"),
        Mistake(no_lr_bias, "the weights are right, but the bias step is not scaled by the "
                            "learning rate `lr`"),
        Mistake(bias_times_x, "your new b is an array: the bias is the weight of a constant "
                              "input 1, so its step is not multiplied by x"),
        Mistake(swapped, "the two results are in the wrong order: return the new w first, "
                         "then the new b"),
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

    def lms(error_of, size_of, bias_size=True):       # α-LMS with one part changed
        def rule(w, b, x, d, alpha):
            error, size = error_of(w, b, x, d), size_of(x, alpha)
            return w + alpha * error * x / size, b + alpha * error / (size if bias_size else 1)
        return rule

    def right_error(w, b, x, d):
        return d - (w @ x + b)

    def right_size(x, alpha):
        return x @ x + 1.0

    def precedence(w, b, x, d, alpha):                 # alpha / x @ x + 1
        error, gain = d - (w @ x + b), alpha / x @ x + 1
        return w + gain * error * x, b + gain * error

    def norm_not_squared(w, b, x, d, alpha):
        error = d - (w @ x + b)
        size = np.sqrt(x @ x + 1.0)
        return w + alpha * error * x / size, b + alpha * error / size

    mistakes = [
        Mistake(mu_lms, "this is μ-LMS, the plain gradient step: your step is not normalised "
                        "by the input's squared length"),
        Mistake(no_one, "almost: you divided by |x|², but the bias is the weight of a constant "
                        "input 1, and that input belongs to the squared length too"),
        Mistake(norm_not_squared, "you divided by the length √(|x|² + 1) instead of its square"),
        Mistake(wrong_sign, "wrong direction: your error is the output minus the desired "
                            "output, (w·x + b) − d"),
        Mistake(no_bias, "the weights are right but the bias did not move"),
        Mistake(lms(right_error, lambda x, a: x * x + 1.0),
                "|x|² is one number, the sum of the squared inputs; `x * x` squares each entry "
                "and keeps them apart"),
        Mistake(lms(right_error, right_size, bias_size=False),
                "the weights are right, but the bias step is not divided by |x|² + 1 as the "
                "weights' step is (the bias is the weight of a constant input 1)"),
        Mistake(lms(lambda w, b, x, d: d - w @ x, right_size),
                "your error leaves out the bias: the unit's output is w·x + b"),
        Mistake(lms(lambda w, b, x, d: d - float(w @ x + b > 0), right_size),
                "α-LMS measures the error on the linear output w·x + b, before any threshold"),
        Mistake(lms(lambda w, b, x, d: d - np.sign(w @ x + b), right_size),
                "α-LMS measures the error on the linear output w·x + b, before the sign is "
                "taken"),
        Mistake(precedence,
                "operator precedence: `/` and `@` go left to right, so the divisor is not all "
                "of |x|² + 1"),
        Mistake(lms(right_error, lambda x, a: len(x) + 1.0),
                "you divided by n + 1, the number of inputs plus one; that equals |x|² + 1 only "
                "when every input is ±1, as in the first two cases"),
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

    def exact(w):                                       # == 0 on floating-point sums
        net = _PATTERNS @ np.asarray(w, dtype=np.float64)
        return bool(np.all(net[_SYMMETRIC] == 0) and np.all(net[~_SYMMETRIC] != 0))

    def symmetric_weights(w):                           # a test on w, not on w·x
        return bool(np.allclose(w, w[::-1]))

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
        Mistake(exact, "with weights such as 1.9 or 3.6 the symmetric patterns' net inputs "
                       "come out as tiny rounding errors (about 1e-16), not exactly 0: `== 0` "
                       "on floating-point sums is too strict"),
        Mistake(symmetric_weights, "you tested the weights themselves for symmetry; the "
                                   "conditions are on the net inputs w·x of the 64 patterns"),
    ]

    def verdicts():
        """The reader's verdicts on every case (None where fn raised or gave no bool)."""
        mine = []
        for case in cs:
            try:
                answer = fn(*[np.array(a) for a in case.args])
            except Exception:
                answer = None
            mine.append(bool(answer) if isinstance(answer, (bool, np.bool_)) else None)
        return mine

    def hint(got, expected, case):
        mine = verdicts()
        if all(v is False for v in mine):
            return ("your function answers False for every weight vector, also for ones that "
                    "detect asymmetry: are your 8 symmetric patterns the ones that read the same "
                    "backwards (bit 1 = bit 6, bit 2 = bit 5, bit 3 = bit 4)?")
        if all(v is True for v in mine):
            return ("your function answers True for every weight vector: both conditions must "
                    "hold, w·x = 0 on the 8 symmetric patterns and w·x ≠ 0 on all 56 asymmetric "
                    "ones")
        return (f"you answered {bool(got)} for {case.label}: compute the net input of all 64 "
                f"patterns and look at the pattern where your test and the two conditions "
                f"disagree")

    return run_check("symmetry_detector", fn, cs, compare=compare,
                     hints=[not_bool, *mistakes, hint], confirm_mistakes=True)


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

    def twin_row(x, shift=12, wrap=True, relation_at=24):
        person, relation = int(np.argmax(x[:24])), int(np.argmax(x[24:]))
        twin = np.zeros(36)
        twin[(person + shift) % 24 if wrap else person + shift] = 1.0
        twin[relation_at + relation] = 1.0
        return twin

    def no_wrap(X_train, Y_train, x):          # person + 12 runs into the relation columns
        rows = np.flatnonzero(np.all(X_train == twin_row(x, wrap=False), axis=1))
        return np.roll(Y_train[rows[0]], 12) if len(rows) else np.zeros(24)

    def entrywise(X_train, Y_train, x):        # flatnonzero(X_train == twin): entries, not rows
        rows = np.flatnonzero(X_train == twin_row(x))
        return np.roll(Y_train[rows[0]], 12) if len(rows) else np.zeros(24)

    class NoTwin(Exception):
        """The reader's function raised on a question whose twin is not in X_train."""

    def has_twin(X_train, x):
        twin = _question((int(np.argmax(x[:24])) + 12) % 24, int(np.argmax(x[24:])))
        return bool(np.all(X_train == twin, axis=1).any())

    def reader(X_train, Y_train, x):
        try:
            return fn(X_train, Y_train, x)
        except NotImplementedError:
            raise
        except Exception as error:
            if not has_twin(X_train, x):
                raise NoTwin() from error
            raise

    def crashes_without_twin(X_train, Y_train, x):
        if not has_twin(X_train, x):
            raise NoTwin()
        return _by_analogy(X_train, Y_train, x)

    def missing(got, expected, case):
        if got is None and not np.any(expected):
            return "when the twin question is not in the training set, return 24 zeros"
        return None

    def nothing_found(got, expected, case):
        if got is None:
            return None
        try:
            have = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return None
        if have.shape == (24,) and not have.any() and np.any(expected):
            return ("you returned 24 zeros, so no training row matched the question you looked "
                    "up, but x's twin is among them: the twin has person 1 moved to the other "
                    "tree and the same relation, and a row matches only if all 36 entries do")
        if have.shape == ():
            return ("you returned a single number (a row number?); the answer is the twin's "
                    "answer from Y_train, moved across: 24 entries, one per person 2")
        if have.shape == (36,):
            return ("you returned 36 entries, the size of a question; the answer has one entry "
                    "per person 2 (24)")
        return None

    mistakes = [
        missing,
        Mistake(not_moved, "your answer names people of the other tree: person 2 must move "
                           "across too, like person 1"),
        Mistake(person_only, "the twin question asks the *same relation* about the twin "
                             "person: match both parts of the input"),
        Mistake(no_wrap, "for an Italian person (12 to 23) your +12 runs past the 24 people "
                         "into the relation columns"),
        Mistake(entrywise, "`X_train == twin` compares entry by entry, so the positions you "
                           "found are single matching entries, not rows"),
        nothing_found,
        Mistake(crashes_without_twin,
                "your function raised an error on the question whose twin is not among the "
                "training questions (an empty search result?); such a question gets 24 zeros"),
    ]
    return run_check("by_analogy", reader, cases(_by_analogy, inputs, labels), hints=mistakes,
                     reader_fn=fn)
