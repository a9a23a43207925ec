"""Turn a typed formula such as ``"(x + y) * z"`` into a ``Value`` graph, safely (chapter 4).

The text is read with Python's ``ast`` parser and only a whitelist is accepted:
numbers, variable names, ``+ - * / **`` (``^`` means ``**``), unary minus and the
functions exp, log, tanh, sigmoid and relu.  Nothing is ever passed to ``eval``;
anything else raises an ``ExpressionError`` whose message says what to change.
"""

import ast
import math
import re

from .._checks import is_real, shown
from ..scalar import Value

__all__ = ["ExpressionError", "Expression", "parse", "FUNCTIONS",
           "MAX_LENGTH", "MAX_NODES", "MAX_EXPONENT"]

MAX_LENGTH = 200        # characters of formula
MAX_NODES = 40          # nodes of the graph it builds (so the drawing stays legible)
MAX_EXPONENT = 50       # |n| in x ** n
FUNCTIONS = {"exp": Value.exp, "log": Value.log, "tanh": Value.tanh,
             "sigmoid": Value.sigmoid, "relu": Value.relu}
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]{0,7}\Z")
_SYNONYMS = {"^": "**", "−": "-", "×": "*", "·": "*", "÷": "/"}
_HELP = "use numbers, names like x or w1, + - * / **, and " + ", ".join(FUNCTIONS)
_REFUSED = {  # the node types people try most often, in words
    ast.Attribute: "attribute access with '.'", ast.Subscript: "indexing with [ ]",
    ast.Lambda: "lambda", ast.Compare: "comparisons", ast.BoolOp: "and/or",
    ast.IfExp: "if/else", ast.NamedExpr: "':='", ast.Tuple: "tuples (a comma)",
    ast.List: "lists", ast.Dict: "dicts", ast.Set: "sets", ast.JoinedStr: "f-strings",
    ast.ListComp: "comprehensions", ast.GeneratorExp: "generators", ast.Starred: "'*' unpacking",
}


class ExpressionError(ValueError):
    """A formula the safe parser refuses; the message tells the reader what to change."""


class Expression:
    """A checked formula: ``.text``, ``.variables`` (in order of appearance) and ``.build()``."""

    def __init__(self, text):
        self.text, self._tree = _read(text)
        names = {}
        for node in ast.walk(self._tree):
            if isinstance(node, ast.Name) and node.id not in FUNCTIONS:
                where = (node.lineno, node.col_offset)
                names[node.id] = min(names.get(node.id, where), where)
        self.variables = tuple(sorted(names, key=names.get))

    def build(self, values=None):
        """(root, inputs): the graph for the given {name: number}, and its input leaves."""
        values = {} if values is None else dict(values)
        missing = [v for v in self.variables if v not in values]
        if missing:
            raise ExpressionError(f"no value given for {', '.join(missing)}")
        unknown = [v for v in values if v not in self.variables]
        if unknown:
            names = ", ".join(map(str, unknown))
            raise ExpressionError(f"{names} does not appear in {self.text!r}")
        inputs = {}
        for name in self.variables:
            x = values[name]
            if not is_real(x):
                raise TypeError(f"{name} must be a real number, got {shown(x)}")
            if not math.isfinite(x):
                raise ExpressionError(f"{name} must be a finite number, got {x!r:.40}")
            inputs[name] = Value(float(x), label=name)
        root = _Builder(self.text, inputs).visit(self._tree.body)
        n_nodes = len(root.topological_order())
        if n_nodes > MAX_NODES:
            raise ExpressionError(f"the graph would have {n_nodes} nodes; at most {MAX_NODES} "
                                  "fit in a legible drawing (shorten the formula)")
        return root, inputs

    def __repr__(self):
        return f"Expression({self.text!r})"


def parse(text):
    """The ``Expression`` for ``text``, or an ``ExpressionError`` saying what is not allowed."""
    return Expression(text)


def _read(text):
    """Normalise and parse the text; check every syntax node against the whitelist."""
    if not isinstance(text, str):
        raise TypeError(f"a formula is a string, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the formula has {len(text)} characters; at most {MAX_LENGTH} "
                              "are allowed")
    text = text.strip()
    for old, new in _SYNONYMS.items():
        text = text.replace(old, new)
    if not text:
        raise ExpressionError("type a formula, for example (x + y) * z")
    if any(c in text for c in "\n\r\0;"):
        raise ExpressionError("a formula is a single expression on one line")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as e:
        where = f" near column {e.offset}" if e.offset else ""
        hint = " (a missing '*', as in 2x?)" if re.search(r"\d[A-Za-z(]", text) else ""
        raise ExpressionError(f"cannot read this as a formula{where}{hint}; {_HELP}") from None
    except (ValueError, RecursionError, MemoryError):
        raise ExpressionError(f"cannot read this as a formula; {_HELP}") from None
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    for node in ast.walk(tree.body):
        _check_node(node)
        if isinstance(node, ast.Name) and node.id in FUNCTIONS and id(node) not in called:
            raise ExpressionError(f"{node.id} is a function; call it as {node.id}(...)")
    return text, tree


def _check_node(node):
    allowed = (ast.BinOp, ast.UnaryOp, ast.Call, ast.Name, ast.Constant, ast.operator,
               ast.unaryop, ast.expr_context)
    if not isinstance(node, allowed):
        what = _REFUSED.get(type(node), f"'{type(node).__name__}'")
        raise ExpressionError(f"{what} cannot be used here; {_HELP}")
    if isinstance(node, ast.operator) and not isinstance(
            node, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
        raise ExpressionError(f"the operator {_OPS.get(type(node), type(node).__name__)} "
                              f"cannot be used here; {_HELP}")
    if isinstance(node, ast.unaryop) and not isinstance(node, (ast.USub, ast.UAdd)):
        raise ExpressionError(f"'not' and '~' cannot be used here; {_HELP}")
    if isinstance(node, ast.Constant):
        c = node.value
        if not is_real(c):
            raise ExpressionError(f"{c!r:.30} is not a number; {_HELP}")
        try:
            finite = math.isfinite(float(c))
        except OverflowError:
            finite = False
        if not finite:
            raise ExpressionError(f"the number {str(c):.20} is too large for a float")
    if isinstance(node, ast.Name) and not _NAME.match(node.id):
        raise ExpressionError(f"the name {node.id[:30]!r} is not allowed: a variable is a letter "
                              "followed by up to 7 letters or digits, like x or w1")
    if isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in FUNCTIONS:
            shown = name if name is not None else ast.unparse(node.func)[:30]
            raise ExpressionError(f"unknown function {shown!r}; the functions are "
                                  + ", ".join(FUNCTIONS))
        if len(node.args) != 1 or node.keywords:
            raise ExpressionError(f"{name} takes exactly one argument, as in {name}(x)")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        if _number(node.right) is None:
            raise ExpressionError(f"the exponent in {ast.unparse(node)[:40]} must be a plain "
                                  "number (for a variable exponent write exp(y*log(x)))")
        if abs(_number(node.right)) > MAX_EXPONENT:
            raise ExpressionError(f"exponents are limited to ±{MAX_EXPONENT}, "
                                  f"got {_number(node.right):g}")


_OPS = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<",
        ast.RShift: ">>", ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^"}


def _number(node):
    """The value of a numeric literal, optionally signed, else None."""
    sign = 1.0
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -sign if isinstance(node.op, ast.USub) else sign
        node = node.operand
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return sign * float(node.value)
    return None


class _Builder:
    """Walks a checked tree and builds it from Value operations."""

    def __init__(self, text, inputs):
        self.text, self.inputs = text, inputs

    def visit(self, node):
        try:
            out = self._visit(node)
        except (ValueError, OverflowError, ZeroDivisionError) as e:
            if isinstance(e, ExpressionError):
                raise
            raise ExpressionError(f"{_shown(node)}: {_reason(e)}") from None
        if not math.isfinite(out.data) or not all(map(math.isfinite, out.local_grads)):
            raise ExpressionError(f"{_shown(node)} overflows a float at these values")
        return out

    def _visit(self, node):
        if isinstance(node, ast.Constant):
            return Value(float(node.value))
        if isinstance(node, ast.Name):
            return self.inputs[node.id]
        if isinstance(node, ast.UnaryOp):
            operand = self.visit(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.Call):
            return FUNCTIONS[node.func.id](self.visit(node.args[0]))
        left = self.visit(node.left)
        if isinstance(node.op, ast.Pow):
            return left ** _number(node.right)
        right = self.visit(node.right)
        op = type(node.op)
        if op is ast.Add:
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            return left * right
        if right.data == 0:
            raise ExpressionError(f"{_shown(node)}: division by zero")
        return left / right


def _shown(node):
    s = ast.unparse(node)
    return s if len(s) <= 40 else s[:37] + "..."


def _reason(e):
    if isinstance(e, OverflowError):
        return "the result is too large for a float"
    if isinstance(e, ZeroDivisionError):
        return "division by zero"
    return str(e)
