"""Self-check framework: one line per check, one useful hint, never the expected answer."""

import re

import numpy as np
import pytest

from backprop import check
from backprop.check import NOT_ATTEMPTED, Case, Mistake, Verdict, cases, diagnose, run_check


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def relu(z):
    return np.maximum(z, 0.0)


def _run(capsys, check_fn, student):
    verdict = check_fn(student)
    out = capsys.readouterr().out
    assert out.count("\n") == 1, f"expected one line, got {out!r}"
    return verdict, out.strip()


def _numbers(text):
    return [float(s) for s in re.findall(r"-?\d+\.\d+(?:e-?\d+)?", text)]


def _reveals(out, expected_values):
    """Does a printed decimal number match any expected value (to 3 significant digits)?"""
    values = np.concatenate([np.ravel(v) for v in expected_values])
    return any(np.isclose(x, values, rtol=1e-3, atol=0).any() for x in _numbers(out))


def _expected_of(check_fn):
    """The hidden expected values of a chapter-1 check, recovered by calling the reference."""
    from backprop.check import ch01

    captured = []

    def spy(*args):
        reference = ch01._neuron if check_fn is ch01.neuron_output else ch01._relu_layer
        result = reference(*args)
        captured.append(result)
        return result

    check_fn(spy)
    return captured


# ---- chapter 1 checks ----------------------------------------------------------------------

NEURON_MISTAKES = {
    "bias after sigmoid": (lambda X, w, b: sigmoid(X @ w) + b, "added after σ"),
    "no sigmoid": (lambda X, w, b: X @ w + b, "you returned z itself"),
    "no bias": (lambda X, w, b: sigmoid(X @ w), "the bias b is missing"),
    "minus bias": (lambda X, w, b: sigmoid(X @ w - b), "the bias enters z with the wrong sign"),
    "exponent sign": (lambda X, w, b: 1 / (1 + np.exp(X @ w + b)), "exponent's sign is flipped"),
    "tanh": (lambda X, w, b: np.tanh(X @ w + b), "that is tanh"),
    "column": (lambda X, w, b: sigmoid(X @ w + b)[:, None],
               "expected shape (4,) but got (4, 1); a column (N, 1)"),
    "negated": (lambda X, w, b: -sigmoid(X @ w + b), "wrong sign"),
    "halved": (lambda X, w, b: sigmoid(X @ w + b) / 2, "off by a constant factor"),
    "shifted": (lambda X, w, b: sigmoid(X @ w + b) + 0.25, "off by the same amount"),
    "nan": (lambda X, w, b: sigmoid(X @ w + b) * np.nan, "contains NaN"),
    "one wrong": (lambda X, w, b: np.where(np.arange(len(X)) == 2, 0.5, sigmoid(X @ w + b)),
                  "1 of the 4 entries is wrong (the first at index 2, where yours is 0.5)"),
    "no return": (lambda X, w, b: None, "returned None"),
    "a string": (lambda X, w, b: "0.5", "expected a NumPy array, got str"),
}


def test_neuron_output_accepts_correct_answers(capsys):
    verdict, out = _run(capsys, check.ch01.neuron_output, lambda X, w, b: sigmoid(X @ w + b))
    assert out == "✅ neuron_output: all 3 cases pass"
    assert verdict and verdict == True and isinstance(verdict, Verdict)  # noqa: E712


@pytest.mark.parametrize("name", NEURON_MISTAKES)
def test_neuron_output_diagnoses_typical_mistakes_without_revealing_the_answer(capsys, name):
    student, hint = NEURON_MISTAKES[name]
    verdict, out = _run(capsys, check.ch01.neuron_output, student)
    assert not verdict and verdict == False  # noqa: E712
    assert out.startswith("❌ neuron_output: ") and hint in out
    assert not _reveals(out, _expected_of(check.ch01.neuron_output))


RELU_MISTAKES = {
    "W not transposed": (lambda X, W, b: relu(X @ W + b), "one row per neuron"),
    "no relu": (lambda X, W, b: X @ W.T + b, "a ReLU's never are"),
    "no bias": (lambda X, W, b: relu(X @ W.T), "the bias b is missing"),
    "bias after relu": (lambda X, W, b: relu(X @ W.T) + b, "added after the ReLU"),
    "min": (lambda X, W, b: np.minimum(X @ W.T + b, 0), "keeps the negative part of z"),
}


def test_relu_layer_accepts_correct_answers(capsys):
    verdict, out = _run(capsys, check.ch01.relu_layer, lambda X, W, b: relu(X @ W.T + b))
    assert verdict and out == "✅ relu_layer: all 3 cases pass"


@pytest.mark.parametrize("name", RELU_MISTAKES)
def test_relu_layer_diagnoses_typical_mistakes(capsys, name):
    student, hint = RELU_MISTAKES[name]
    verdict, out = _run(capsys, check.ch01.relu_layer, student)
    assert not verdict and out.startswith("❌ relu_layer: ") and hint in out
    assert not _reveals(out, _expected_of(check.ch01.relu_layer))


def test_not_attempted(capsys):
    def stub(X, w, b):
        raise NotImplementedError()

    verdict, out = _run(capsys, check.ch01.neuron_output, stub)
    assert not verdict
    assert out == f"❌ neuron_output: {NOT_ATTEMPTED}"
    assert "replace `raise NotImplementedError()` with your code" in out


def test_other_exceptions_show_type_and_message_without_traceback(capsys):
    def broken(X, w, b):
        return X @ np.ones(7) + b

    verdict, out = _run(capsys, check.ch01.neuron_output, broken)
    assert not verdict and "your function raised ValueError: " in out
    assert "Traceback" not in out and "case 1 of 3" in out


def test_not_a_function(capsys):
    verdict, out = _run(capsys, check.ch01.neuron_output, 42)
    assert not verdict and out == "❌ neuron_output: expected a function, got int"


def test_in_place_change_of_an_input_is_reported(capsys):
    def sneaky(X, w, b):
        X *= 2
        return sigmoid(X @ w / 2 + b)

    verdict, out = _run(capsys, check.ch01.neuron_output, sneaky)
    assert not verdict and "changed its input `X` in place" in out


def test_numpy_warnings_of_a_correct_answer_are_not_raised(capsys):
    def naive_with_overflow(X, w, b):
        np.exp(np.array([1000.0]))  # overflows: a RuntimeWarning that pytest would raise
        return sigmoid(X @ w + b)

    verdict, out = _run(capsys, check.ch01.neuron_output, naive_with_overflow)
    assert verdict


def test_verdict_shows_nothing_in_a_notebook_but_reads_as_a_bool():
    assert repr(Verdict(1)) == "True" and repr(Verdict(0)) == "False"
    assert Verdict(1)._ipython_display_() is None


# ---- the generic diagnosis -----------------------------------------------------------------

@pytest.mark.parametrize("got, expected, words", [
    (np.ones((3, 2)), np.ones((2, 3)), "expected shape (2, 3) but got (3, 2); transposed?"),
    (np.ones(3), np.ones((3, 1)), "a flat array (N,) where a column (N, 1) is wanted"),
    (np.ones((3, 3)), np.ones(3), "broadcast to (N, N)"),
    (np.ones(6), np.ones((2, 3)), "the right number of entries, arranged differently"),
    (np.ones(4), np.float64(2.0), "expected a single number but got an array of shape (4,)"),
    (np.array([1.0, np.inf]), np.array([1.0, 2.0]), "contains inf"),
    (np.array([1, 2]), np.array([1.5, 2.5]), "integer dtype"),
    (np.array([2.0, 4.0, 0.0]), np.array([1.0, 2.0, 0.0]), "your values are 2 times"),
    (3.0, 1.5, "the value is wrong"),  # one number: a ratio of 2 may be a coincidence
    (1.7, 1.5, "the value is wrong"),
    (object(), np.ones(2), "expected a NumPy array, got object"),
    (np.float64(4.0), np.ones(4), "expected shape (4,) but got (); a single number"),
    ((np.ones(2),), np.ones(2), "got a tuple of 1 values; return just the result"),
])
def test_diagnose_hints(got, expected, words):
    assert words in diagnose(got, expected)


def test_diagnose_accepts_close_results_and_tuples():
    assert diagnose(np.array([1.0, 2.0]) + 1e-12, np.array([1.0, 2.0])) is None
    assert "in a Python list, not a NumPy array" in diagnose([1.0, 2.0], np.array([1.0, 2.0]))
    assert diagnose([1.0, 2.0], [1.0, 2.0]) is None       # a list is fine where one is expected
    assert diagnose((1.0, np.ones(2)), (1.0, np.ones(2))) is None
    assert "expected 2 return values (L, grad), got a single float" in diagnose(
        1.0, (1.0, np.ones(2)), names=("L", "grad"))
    assert "expected 2 return values" in diagnose((1.0,), (1.0, np.ones(2)))
    hint = diagnose((1.0, np.ones(3)), (1.0, np.ones(2)), names=("L", "grad"))
    assert hint.startswith("in the return value `grad`: expected shape (2,)")


def test_run_check_mistakes_custom_hints_and_compare(capsys):
    inputs = [(np.array([1.0, 2.0, 3.0]),)]
    tests = cases(lambda x: x**2, inputs, labels=["three numbers"])
    assert repr(tests[0]) == "Case(three numbers)"  # never shows the expected value

    def broken_mistake(x):
        raise RuntimeError("a mistake that cannot run is skipped")

    mistakes = [Mistake(broken_mistake, "never shown"), Mistake(lambda x: 2 * x, "use x², not 2x")]
    assert not run_check("square", lambda x: 2 * x, tests, hints=mistakes)
    assert capsys.readouterr().out == "❌ square: use x², not 2x (case 1 of 1: three numbers)\n"

    def custom(got, expected, case):
        return "custom hint" if np.all(got < 0) else None

    assert not run_check("square", lambda x: -x, tests, hints=[custom])
    assert "custom hint" in capsys.readouterr().out

    def lenient(got, expected):
        return None if np.allclose(got, expected, atol=0.5) else "too far"

    assert run_check("square", lambda x: x**2 + 0.1, tests, compare=lenient)
    assert run_check("square", lambda x: x**2 + 0.1, tests, compare=lenient) == 1
    capsys.readouterr()


def test_in_place_functions_are_compared_through_output(capsys):
    def add_one(x):
        x += 1

    def add_two(x):
        x += 2

    test = Case((np.zeros(3),), np.ones(3), output=lambda result, args: args[0])
    assert run_check("add_one", add_one, [test])
    assert capsys.readouterr().out == "✅ add_one: all 1 cases pass\n"
    assert not run_check("add_one", add_two, [test], hints=[Mistake(add_two, "add 1, not 2")])
    assert capsys.readouterr().out == "❌ add_one: add 1, not 2 (case 1 of 1)\n"


def test_cases_do_not_let_the_reference_mutate_the_inputs():
    x = np.zeros(2)

    def mutating_reference(a):
        a += 5
        return a.copy()

    (case,) = cases(mutating_reference, [(x,)])
    assert np.array_equal(case.args[0], np.zeros(2))


def test_a_check_without_cases_is_an_authoring_error():
    with pytest.raises(ValueError, match="no cases"):
        run_check("empty", lambda: None, [])


def test_chapter_modules_load_lazily():
    assert check.ch01.__name__ == "backprop.check.ch01"
    assert "ch01" in dir(check)
    with pytest.raises(AttributeError, match="no self-checks for chapter 99"):
        check.ch99  # noqa: B018
    with pytest.raises(AttributeError):
        check.not_a_chapter  # noqa: B018


# ---- the generic hint learns from every case ----------------------------------------------

def _scalar_cases():
    from backprop.check import cases
    return cases(lambda a, b: a * b, [(1.0, 2.0), (3.0, -1.0), (0.5, 4.0)])


def test_constant_factor_only_when_it_holds_in_every_case(capsys):
    from backprop.check import run_check
    assert not run_check("f", lambda a, b: 2 * a * b, _scalar_cases())
    assert "in all 3 cases your values are 2 times" in capsys.readouterr().out
    # a ratio of 2 in case 1 only (a·b + 2 vs a·b = 2 at a, b = 1, 2) is no constant factor
    assert not run_check("f", lambda a, b: a * b + 2, _scalar_cases())
    out = capsys.readouterr().out
    assert "constant factor" not in out and "for inputs 1, 2 you returned 4" in out, out


def test_a_result_that_ignores_the_inputs_is_named(capsys):
    from backprop.check import run_check
    assert not run_check("f", lambda a, b: 4, _scalar_cases())
    out = capsys.readouterr().out
    assert "you returned 4 in every case" in out and "integer" not in out, out


def test_the_generic_hint_shows_inputs_and_the_readers_value_never_the_answer(capsys):
    from backprop.check import run_check
    assert not run_check("f", lambda a, b: a * b + a * a, _scalar_cases())
    out = capsys.readouterr().out
    assert "for inputs 1, 2 you returned 3" in out and " 2 " not in out.split("returned")[1], out


def test_a_raised_error_names_the_readers_line(capsys):
    from backprop.check import run_check

    def broken(a, b):
        z = np.ones((4, 3))
        return z - np.ones(4)
    assert not run_check("f", broken, _scalar_cases())
    out = capsys.readouterr().out
    assert "raised ValueError: operands could not be broadcast" in out, out
    assert "at `return z - np.ones(4)`" in out, out


def test_a_forbidden_library_function_is_refused_however_it_is_reached(capsys):
    from backprop import losses
    from backprop.check import cases, run_check
    from backprop.losses import mse as imported_mse
    cs = cases(losses.mse, [(np.ones((2, 1)), np.zeros((2, 1)))])
    assert not run_check("mse", lambda a, b: losses.mse(a, b), cs, forbid=[(losses, "mse")])
    assert "calls the library's `losses.mse`" in capsys.readouterr().out
    assert not run_check("mse", lambda a, b: imported_mse(a, b), cs, forbid=[(losses, "mse")])
    assert "calls the library's `losses.mse`" in capsys.readouterr().out
    assert losses.mse is imported_mse  # restored after the check


def test_no_hint_dictates_the_code_it_diagnoses():
    """issue 15: a hint names the slip (the axis, the missing 1/N, the row that was summed);
    it does not hand over the corrected line. These phrases were in hints before."""
    import ast
    from pathlib import Path
    dictating = ["use np.add.at", "w.copy()", "increasing=True", "np.degrees", "['val_loss']",
                 "use y_hat.shape[0]", "reversed(topological_order())", "root.grad = 1",
                 "subtract each row's maximum", "write `/ (2 * h)`", "divide by 2h",
                 "contributes 3 to", "use += , not =", "use σ(Z) − Y", "divide such features by 1"]
    folder = Path(__file__).parents[1] / "lib" / "backprop" / "check"
    hints = []
    for path in sorted(folder.glob("ch*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                hints.append((path.name, node.value))
            elif isinstance(node, ast.JoinedStr):
                hints.append((path.name, ast.unparse(node)))
    offenders = [(name, text) for name, text in hints for phrase in dictating if phrase in text]
    assert offenders == []


# ---- issue 15, section 3: diagnose from what the reader's code did ------------------------


def _array_cases():
    from backprop.check import cases
    return cases(lambda x, n: x * n, [(np.arange(1.0, 4.0), 2.0), (np.arange(1.0, 5.0), 3.0)],
                 ["3 entries, n = 2", "4 entries, n = 3"])


def test_an_array_constant_factor_must_hold_in_every_case(capsys):
    from backprop.check import run_check
    assert not run_check("f", lambda x, n: 5 * x * n, _array_cases())
    assert "in all 2 cases your values are 5 times" in capsys.readouterr().out
    # x·n·n is 2 times x·n in case 1 (n = 2) but 3 times in case 2: no constant factor
    assert not run_check("f", lambda x, n: x * n * n, _array_cases())
    out = capsys.readouterr().out
    assert "constant factor" not in out and "3 of the 3 entries are wrong" in out, out


def test_a_raised_error_is_named_when_a_typical_mistake_raises_it_too(capsys):
    from backprop.check import Mistake, run_check
    hint = Mistake(lambda x, n: x @ np.ones((2, 2)), "the matrix has the wrong shape")
    assert not run_check("f", lambda x, n: x @ np.ones((2, 2)), _array_cases(), hints=[hint])
    out = capsys.readouterr().out
    assert "the matrix has the wrong shape" in out and "raised" not in out, out
    # another error keeps the raw message and the reader's line
    assert not run_check("f", lambda x, n: x @ np.ones((5, 5)), _array_cases(), hints=[hint])
    assert "raised ValueError" in capsys.readouterr().out


def test_of_two_mistakes_that_fit_one_case_the_one_that_fits_all_is_named(capsys):
    from backprop.check import Mistake, run_check
    # x·n + 2 and x·n + n agree in case 1 (n = 2); only the second fits case 2
    hints = [Mistake(lambda x, n: x * n + 2, "added 2"), Mistake(lambda x, n: x * n + n, "added n")]
    assert not run_check("f", lambda x, n: x * n + n, _array_cases(), hints=hints)
    assert "added n" in capsys.readouterr().out
    # with confirm_mistakes, a mistake that fits only the failing case is not named
    single = [Mistake(lambda x, n: x * n + 2, "added 2")]
    assert not run_check("f", lambda x, n: x * n + n, _array_cases(), hints=single,
                         confirm_mistakes=True)
    assert "added 2" not in capsys.readouterr().out


@pytest.mark.parametrize("have, want, words", [
    ((3,), (4,), "one entry short"), ((5, 2), (5, 3), "one column short"),
    ((4, 3), (3, 3), "one row too many"),
])
def test_an_off_by_one_shape_is_named(have, want, words):
    assert words in diagnose(np.zeros(have), np.zeros(want))


def test_no_loops_refuses_right_values_from_a_python_loop(capsys):
    from backprop.check import run_check

    def looped(x, n):
        return np.array([v * n for v in x])
    assert run_check("f", looped, _array_cases())
    capsys.readouterr()
    assert not run_check("f", looped, _array_cases(), no_loops=True)
    assert "loops in Python" in capsys.readouterr().out
    assert run_check("f", lambda x, n: x * n, _array_cases(), no_loops=True)
