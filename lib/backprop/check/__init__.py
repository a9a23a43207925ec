"""Self-checks for the exercises: run the reader's function, compare, print one line.

A check runs the reader's function on a few cases, compares each result with the answer
the library computes, and prints either ``✅ <name>: all N cases pass`` or
``❌ <name>: <hint>``: one hint that diagnoses the mistake (wrong shape, wrong sign, off
by a constant factor, NaN, a known typical mistake, ...) without ever printing the
expected answer. It never raises for the reader's mistakes. It returns a :class:`Verdict`,
an int that is 1 (pass) or 0 (fail), compares equal to True/False, and shows nothing
when it is the last value of a notebook cell (the printed line already said it).

Each chapter's checks live in ``check/chNN.py`` and load on first use::

    from backprop import check
    check.ch01.neuron_output(neuron_output)

Writing a check: build :class:`Case` objects (inputs and the library's answer, e.g. with
:func:`cases`), list the typical mistakes as :class:`Mistake` (a wrong implementation
and the hint to give when the reader's result matches it), and call :func:`run_check`.
"""

import copy
import dis
import importlib
import inspect
import pkgutil
import re
import traceback
import types
import warnings

import numpy as np

__all__ = ["Case", "Mistake", "Verdict", "cases", "run_check", "diagnose", "NOT_ATTEMPTED"]

NOT_ATTEMPTED = "not attempted yet: replace `raise NotImplementedError()` with your code"


class Case:
    """One test: ``fn(*args, **kwargs)`` should equal ``expected`` (hidden from the reader).

    ``label`` describes the case in a hint ("a batch of 4 examples"). ``output`` picks
    what to compare for functions that work in place: ``output(result, args)``, e.g.
    ``lambda result, args: args[0]``. ``names`` names the parts of a tuple result.
    """

    __slots__ = ("args", "kwargs", "expected", "label", "output", "names")

    def __init__(self, args, expected, *, kwargs=None, label="", output=None, names=None):
        self.args = tuple(args)
        self.kwargs = dict(kwargs or {})
        self.expected = expected
        self.label = label
        self.output = output
        self.names = names

    def __repr__(self):  # never shows the expected value
        return f"Case({self.label or 'unlabelled'})"


class Mistake:
    """A typical mistake: a wrong implementation ``fn`` and the ``hint`` shown if it matches."""

    __slots__ = ("fn", "hint")

    def __init__(self, fn, hint):
        self.fn = fn
        self.hint = hint

    def __repr__(self):
        return f"Mistake({self.hint!r})"


class Verdict(int):
    """The result of a check: 1 if every case passed, else 0; shows nothing in a notebook."""

    def __repr__(self):
        return repr(bool(self))

    __str__ = __repr__

    def _ipython_display_(self):
        pass


def cases(reference, inputs, labels=None, **options):
    """Cases whose expected results are ``reference(*args)`` for each args tuple in ``inputs``."""
    inputs = [tuple(args) for args in inputs]
    labels = labels or [""] * len(inputs)
    if len(labels) != len(inputs):
        raise ValueError(f"{len(labels)} labels for {len(inputs)} inputs")
    return [Case(args, reference(*copy.deepcopy(args)), label=label, **options)
            for args, label in zip(inputs, labels, strict=True)]


# ---- running ---------------------------------------------------------------------------

def run_check(name, student_fn, cases, compare=None, hints=(), *, rtol=1e-5, atol=1e-8,
              forbid=(), reader_fn=None, confirm_mistakes=False, no_loops=False):
    """Run ``student_fn`` on every case; print one ✅/❌ line; return a :class:`Verdict`.

    ``compare(got, expected)`` returns None when they agree, else a hint; by default
    :func:`diagnose`. ``hints`` holds :class:`Mistake` objects (checked when a result
    is wrong, before the generic diagnosis) and/or functions
    ``hint(got, expected, case) -> str | None``. ``forbid`` lists ``(owner, attribute)``
    pairs, e.g. ``(losses, "mse")``: library functions the exercise asks the reader to
    write, refused whether the reader's code reaches them through a module or imported
    them by name. ``reader_fn`` is the reader's own function when ``student_fn`` wraps it
    (it names the failing line of a raised error and is scanned for forbidden calls).
    A typical mistake is named when it gives the reader's result in the failing case; if
    several do, the one that gives it in every case wins. With ``confirm_mistakes`` only a
    mistake that gives it in every case is named (for results, such as one number, where
    different slips often coincide in one case). With ``no_loops``, right results from a
    function with a Python loop (the exercise asks for array operations) do not pass.
    """
    cases = list(cases)
    if not cases:
        raise ValueError(f"check {name!r} has no cases")
    if not callable(student_fn):
        return _fail(name, f"expected a function, got {type(student_fn).__name__}")
    reader_fn = reader_fn if reader_fn is not None else student_fn
    forbid = list(forbid)
    used = _uses_forbidden(reader_fn, forbid)
    if used:
        return _fail(name, f"your function calls the library's `{used}`; the exercise is to "
                           f"write it yourself from NumPy operations")
    readers = {}  # case number -> the reader's compared output, or None if it raised

    def reader_output(k):
        if k not in readers:
            readers[k] = _output_of(student_fn, cases[k - 1])
        return readers[k]

    def everywhere(mistake):
        """True if the mistake gives the reader's output in every case the reader can run."""
        for k, other in enumerate(cases, 1):
            mine = reader_output(k)
            if mine is None:
                continue
            theirs = _output_of(mistake.fn, other)
            if theirs is None or not _close(mine[0], theirs[0], rtol, atol):
                return False
        return True

    for number, case in enumerate(cases, 1):
        where = f" (case {number} of {len(cases)}{': ' + case.label if case.label else ''})"
        args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
        try:
            with warnings.catch_warnings(record=True) as caught, \
                    np.errstate(all="warn", under="ignore"), _forbidden(forbid):
                warnings.simplefilter("always")
                result = student_fn(*args, **kwargs)
        except NotImplementedError:
            return _fail(name, NOT_ATTEMPTED)
        except _Forbidden as error:
            return _fail(name, f"your function calls the library's `{error}`; the exercise is "
                               f"to write it yourself from NumPy operations")
        except Exception as error:  # the reader's bug: report it, do not raise
            known = _raised_like(error, hints, case)
            if known is not None:
                return _fail(name, known + where)
            return _fail(name, f"your function raised {_describe(error)}{_line(error, reader_fn)}"
                               f"{where}")
        got = case.output(result, args) if case.output is not None else result
        try:
            problem = _judge(got, case, compare, hints, rtol, atol, everywhere,
                             confirm_mistakes)
            if isinstance(problem, _Generic):
                problem = _across_cases(problem, student_fn, cases, number, got)
            elif isinstance(problem, _Factor):
                problem = _confirm_factor(problem, reader_output, cases)
        except Exception as error:  # an unusual result the comparison cannot handle
            problem = f"your result could not be compared: {_describe(error)}"
        if problem is None and case.output is None:
            problem = _mutated(reader_fn, case.args, args)
        if problem is not None:
            warned = sorted({str(w.message) for w in caught})
            if warned and "NaN" not in problem and "inf" not in problem:
                problem += f"; NumPy warned: {warned[0]}"
            return _fail(name, problem + where)
    if no_loops and _has_loop(reader_fn):
        return _fail(name, "right values, but your function loops in Python; the exercise asks "
                           "for NumPy operations on the whole batch at once")
    print(f"✅ {name}: all {len(cases)} cases pass")
    return Verdict(1)


def _has_loop(fn):
    """True if fn's code (comprehensions and inner functions included) runs a Python loop."""
    code = getattr(fn, "__code__", None)
    todo = [code] if code is not None else []
    while todo:
        c = todo.pop()
        names = {op.opname for op in dis.get_instructions(c)}
        if "FOR_ITER" in names or "JUMP_ABSOLUTE" in names or any(
                "JUMP_BACKWARD" in n and "NO_INTERRUPT" not in n for n in names):
            return True  # a for loop, a comprehension, or a while loop
        todo.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
    return False


def _output_of(fn, case):
    """(the compared output of fn on case,) or None if fn raised."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            args = copy.deepcopy(case.args)
            result = fn(*args, **copy.deepcopy(case.kwargs))
        return (case.output(result, args) if case.output is not None else result,)
    except Exception:
        return None


def _raised_like(error, hints, case):
    """The hint of a typical mistake that raises the same error as the reader's code, or None."""
    for hint in hints:
        if not isinstance(hint, Mistake):
            continue
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                hint.fn(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        except Exception as theirs:
            if type(theirs) is type(error) and str(theirs) == str(error):
                return hint.hint
    return None


def _confirm_factor(problem, reader_output, cases):
    """Keep 'off by a constant factor' only if the same factor holds in every case the reader's
    function can run; otherwise say which entries are wrong."""
    for k, case in enumerate(cases, 1):
        mine = reader_output(k)
        if mine is None:
            continue
        have, want = mine[0], case.expected
        try:
            if problem.part is not None:
                have, want = have[problem.part], want[problem.part]
            have, want = np.asarray(have, dtype=float), np.asarray(want, dtype=float)
            same = have.shape == want.shape and np.allclose(have, problem.factor * want,
                                                            rtol=1e-6, atol=1e-12)
        except Exception:
            same = False
        if not same:
            return problem.prefix + problem.fallback
    return problem.prefix + (f"off by a constant factor: in all {len(cases)} cases your values "
                             f"are {problem.factor:.4g} times the expected ones (a missing or "
                             f"extra constant such as 1/2, 2 or 1/N?)")


class _Forbidden(Exception):
    """Raised by a library function the exercise asks the reader to write."""


class _forbidden:
    """Context manager: the listed library functions raise :class:`_Forbidden` inside it."""

    def __init__(self, forbid):
        self.forbid = forbid
        self.saved = []

    def __enter__(self):
        for owner, attr in self.forbid:
            original = getattr(owner, attr)
            label = f"{getattr(owner, '__name__', type(owner).__name__).split('.')[-1]}.{attr}"

            def refuse(*args, _label=label, **kwargs):
                raise _Forbidden(_label)
            # an inherited method (SGD.step is Optimizer.step) is shadowed, then unshadowed
            own = attr in getattr(owner, "__dict__", {})
            self.saved.append((owner, attr, original, own))
            setattr(owner, attr, refuse)
        return self

    def __exit__(self, *exc):
        for owner, attr, original, own in reversed(self.saved):
            if own:
                setattr(owner, attr, original)
            else:
                delattr(owner, attr)
        self.saved.clear()
        return False


def _uses_forbidden(fn, forbid):
    """The name of a forbidden library function that fn's code refers to by name, or None."""
    if not forbid:
        return None
    targets = {}
    for owner, attr in forbid:
        target = getattr(owner, attr)
        targets[id(target)] = f"{getattr(owner, '__name__', '').split('.')[-1]}.{attr}"
    code = getattr(fn, "__code__", None)
    namespace = getattr(fn, "__globals__", {})
    if code is None:
        return None
    names, todo = set(), [code]
    while todo:
        c = todo.pop()
        names.update(c.co_names)
        todo.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
    reachable = [namespace.get(n) for n in names]
    for cell in getattr(fn, "__closure__", None) or ():
        try:
            reachable.append(cell.cell_contents)
        except ValueError:  # an empty cell
            pass
    for obj in reachable:
        if id(obj) in targets:
            return targets[id(obj)]
    return None


def _line(error, fn):
    """' at line N `code`' of the reader's function where error was raised, or ''."""
    filename = getattr(getattr(fn, "__code__", None), "co_filename", None)
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
    if not frames or not frames[-1].line:
        return ""
    return f" at `{frames[-1].line.strip()}`"


def _across_cases(problem, student_fn, cases, number, got):
    """Sharpen a generic 'the value is wrong' with every case: a constant factor that holds
    in all of them, a result that ignores the inputs, or else the inputs and the reader's value."""
    part = problem.part
    pairs = []
    for case in cases:
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                args = copy.deepcopy(case.args)
                result = student_fn(*args, **copy.deepcopy(case.kwargs))
            value = case.output(result, args) if case.output is not None else result
            want = case.expected
            if part is not None:
                value, want = value[part], want[part]
            pairs.append((float(np.asarray(value, dtype=float)),
                          float(np.asarray(want, dtype=float))))
        except Exception:
            pairs = []
            break
    prefix = problem.prefix
    if len(pairs) >= 2:
        have = np.array([h for h, _ in pairs])
        want = np.array([w for _, w in pairs])
        if np.allclose(have, have[0]) and not np.allclose(want, want[0]):
            return (prefix + f"you returned {have[0]:.6g} in every case: your result does "
                             f"not change when the inputs change")
        nonzero = np.abs(want) > 1e-12
        if nonzero.sum() >= 2 and np.allclose(have[~nonzero], 0):
            ratios = have[nonzero] / want[nonzero]
            if ratios[0] != 0 and np.allclose(ratios, ratios[0], rtol=1e-6):
                return (prefix + f"off by a constant factor: in all {len(pairs)} cases your "
                                 f"values are {ratios[0]:.4g} times the expected ones (a missing "
                                 f"or extra constant such as 1/2, 2 or 1/N?)")
    value = got[part] if part is not None else got
    try:
        shown = f"{float(np.asarray(value, dtype=float)):.6g}"
    except (TypeError, ValueError):
        return str(problem)
    inputs = cases[number - 1].label or _show_args(cases[number - 1].args)
    return prefix + f"the value is wrong: for {inputs} you returned {shown}"


def _show_args(args):
    if all(isinstance(a, (int, float)) for a in args):
        return "inputs " + ", ".join(f"{a:g}" for a in args)
    return "these inputs"


class _Generic(str):
    """A hint that says only 'the value is wrong'; run_check adds what it can learn."""

    part = None
    prefix = ""


class _Factor(str):
    """'Off by a constant factor' in one case; run_check keeps it only if every case agrees."""

    part = None
    prefix = ""
    factor = 1.0
    fallback = ""


def _fail(name, hint):
    print(f"❌ {name}: {hint}")
    return Verdict(0)


def _describe(error):
    message = " ".join(str(error).split())
    if len(message) > 200:
        message = message[:197] + "..."
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _judge(got, case, compare, hints, rtol, atol, everywhere=None, strict=False):
    """None if got matches case.expected, else a hint (mistakes first, then the diagnosis).

    When several typical mistakes give the reader's result in this case, the first one that
    also gives it in every other case (``everywhere(mistake)``) is named; with ``strict``,
    only such a mistake is.
    """
    compare = compare or (lambda g, e: diagnose(g, e, rtol=rtol, atol=atol, names=case.names))
    problem = compare(got, case.expected)
    if problem is None:
        return None
    matching = [m for m in hints if isinstance(m, Mistake) and _matches(m, got, case, rtol, atol)
                and not _matches(m, case.expected, case, rtol, atol)]  # it names no slip here
    if (len(matching) > 1 or strict) and everywhere is not None:
        for mistake in matching:
            if everywhere(mistake):
                return mistake.hint
    for hint in hints:
        if isinstance(hint, Mistake):
            if hint in matching and not strict:
                return hint.hint
        else:
            message = hint(got, case.expected, case)
            if message:
                return message
    return problem


def _matches(mistake, got, case, rtol, atol):
    wrong = _output_of(mistake.fn, case)
    return wrong is not None and _close(got, wrong[0], rtol, atol)


def _close(got, expected, rtol, atol):
    if isinstance(expected, tuple):
        return (isinstance(got, (tuple, list)) and len(got) == len(expected)
                and all(_close(g, e, rtol, atol) for g, e in zip(got, expected, strict=True)))
    try:
        got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return False
    return got.shape == expected.shape and np.allclose(got, expected, rtol, atol, equal_nan=True)


def _mutated(fn, before, after):
    """A hint if the function changed one of its (array) arguments in place."""
    for i, (old, new) in enumerate(zip(before, after, strict=True)):
        if isinstance(old, np.ndarray) and not np.array_equal(old, new, equal_nan=True):
            try:
                arg = f"`{list(inspect.signature(fn).parameters)[i]}`"
            except (TypeError, ValueError, IndexError):
                arg = f"number {i + 1}"
            return (f"right result, but your function changed its input {arg} in place "
                    f"(an in-place operator such as -= or *= on it, or a slice assignment, "
                    f"also through a second name such as `a = x`, which is no copy); "
                    f"the caller's array must stay as it was")
    return None


# ---- the generic diagnosis -------------------------------------------------------------

def diagnose(got, expected, *, rtol=1e-5, atol=1e-8, names=None):
    """None if ``got`` matches ``expected``; else one hint that never shows ``expected``.

    A tuple ``expected`` means the function returns several values (named by ``names``).
    """
    if isinstance(expected, tuple):
        names = names or [f"value {i + 1}" for i in range(len(expected))]
        if not isinstance(got, (tuple, list)):
            return (f"expected {len(expected)} return values ({', '.join(names)}), "
                    f"got a single {type(got).__name__}")
        if len(got) != len(expected):
            return (f"expected {len(expected)} return values ({', '.join(names)}), "
                    f"got {len(got)}")
        for index, (part, want, label) in enumerate(zip(got, expected, names, strict=True)):
            problem = diagnose(part, want, rtol=rtol, atol=atol)
            if problem is not None:
                prefix = (f"in {label}: " if label.startswith("the ")
                          else f"in the return value `{label}`: ")
                if isinstance(problem, _Generic):
                    problem = _Generic(prefix + problem)
                    problem.part, problem.prefix = index, prefix
                    return problem
                if isinstance(problem, _Factor):
                    marked = _Factor(prefix + problem)
                    marked.part, marked.prefix = index, prefix
                    marked.factor, marked.fallback = problem.factor, problem.fallback
                    return marked
                return prefix + problem
        return None
    if got is None:
        return "your function returned None; did you forget `return`?"
    want = np.asarray(expected, dtype=float)
    kind = "a single number" if want.ndim == 0 else "a NumPy array"
    if isinstance(got, (str, bytes)):
        return f"expected {kind}, got {type(got).__name__}"
    if isinstance(got, tuple):
        return f"expected {kind}, got a tuple of {len(got)} values; return just the result"
    try:
        have = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"expected {kind}, got {type(got).__name__}"
    if have.shape != want.shape:
        return _shape_hint(have.shape, want.shape)
    for bad, what, why in ((np.isnan, "NaN", "0/0, log of a negative number or inf − inf"),
                           (np.isinf, "inf", "overflow, e.g. exp of a large number, or 1/0")):
        if bad(have).any() and not bad(want).any():
            return f"your result contains {what}; look for {why}"
    if np.allclose(have, want, rtol, atol, equal_nan=True):
        if isinstance(got, list) and isinstance(expected, np.ndarray) and want.ndim >= 1:
            return ("right values, but in a Python list, not a NumPy array: a list has no "
                    "shape, and + or * on lists do not work entry by entry")
        return None
    return _value_hint(have, want, got, rtol, atol)


def _shape_hint(have, want):
    hint = f"expected shape {want} but got {have}"
    if len(want) == 0:
        return (f"expected a single number but got an array of shape {have}; "
                f"did you forget to sum or average?")
    if len(have) == 0:
        return hint + "; a single number where an array is wanted (a sum over everything?)"
    if len(have) == 2 and have == want[::-1]:
        return hint + "; transposed?"
    if have == (1,) + want:
        return hint + "; a (1, n) row where a flat array (n,) is wanted (keepdims=True?)"
    if have == want + (1,):
        return hint + "; a column (N, 1) where a flat array (N,) is wanted"
    if want == have + (1,):
        return hint + "; a flat array (N,) where a column (N, 1) is wanted"
    if len(want) == 1 and have == (want[0], want[0]):
        return hint + "; did an (N,) array and an (N, 1) array broadcast to (N, N)?"
    if int(np.prod(have)) == int(np.prod(want)):
        return hint + "; the right number of entries, arranged differently"
    if len(have) == len(want):
        off = [axis for axis in range(len(want)) if have[axis] != want[axis]]
        if len(off) == 1 and abs(have[off[0]] - want[off[0]]) == 1:
            what = ("entry" if len(want) == 1 else "row" if off[0] == 0
                    else "column" if off[0] == 1 else f"slice along axis {off[0]}")
            if have[off[0]] < want[off[0]]:
                return hint + f"; one {what} short: does a loop or a slice stop one early?"
            return hint + f"; one {what} too many: does a loop or a slice run one too far?"
    return hint


def _value_hint(have, want, got, rtol, atol):
    if (isinstance(got, np.ndarray) and got.dtype.kind in "biu" and want.dtype.kind == "f"
            and not np.allclose(want, np.round(want))):
        return (f"your array has integer dtype {got.dtype}, so it cannot hold the fractions "
                f"of the answer (an integer array, or // instead of /?)")
    scale = atol + rtol * np.abs(want)
    if np.any(np.abs(want) > scale) and np.allclose(have, -want, rtol, atol):
        return "right size but wrong sign; check the signs in your formula"
    nonzero = np.abs(want) > 1e-12
    if nonzero.sum() >= 2 and np.allclose(have[~nonzero], 0, rtol, atol):
        ratios = have[nonzero] / want[nonzero]
        factor = ratios.flat[0]
        if factor != 0 and np.allclose(ratios, factor, rtol=1e-6):
            marked = _Factor(f"off by a constant factor: your values are {factor:.4g} times the "
                             f"expected ones (a missing or extra constant such as 1/2, 2 or 1/N?)")
            marked.factor, marked.fallback = factor, _entries_hint(have, want, rtol, atol)
            return marked
    return _entries_hint(have, want, rtol, atol)


def _entries_hint(have, want, rtol, atol):
    """Which entries of an array result are wrong (or a bare hint for a single number)."""
    wrong = ~np.isclose(have, want, rtol, atol)
    if have.size >= 2:
        offsets = (have - want)[wrong]
        if wrong.all() and np.allclose(have - want, offsets.flat[0], rtol=1e-6, atol=atol):
            return ("every entry is off by the same amount; check for a missing or extra "
                    "added constant (a bias?)")
        first = tuple(int(i) for i in np.argwhere(wrong)[0])
        index = first[0] if len(first) == 1 else first
        count = int(wrong.sum())
        return (f"right shape, but {count} of the {have.size} entries "
                f"{'is' if count == 1 else 'are'} wrong (the first at index {index}, where "
                f"yours is {have[first]:.4g})")
    return _Generic("the value is wrong") if have.ndim == 0 else \
        "right shape, but the values are wrong"


# ---- chapter modules (check.ch01, check.ch02, ...) load on first use --------------------

def __getattr__(name):
    if re.fullmatch(r"ch\d\d", name):
        try:
            return importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as error:
            if error.name == f"{__name__}.{name}":
                raise AttributeError(f"there are no self-checks for chapter {name[2:]}") from None
            raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    chapters = [m.name for m in pkgutil.iter_modules(__path__) if re.fullmatch(r"ch\d\d", m.name)]
    return sorted(set(globals()) | set(chapters))
