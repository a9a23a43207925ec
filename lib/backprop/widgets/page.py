"""An explorer on the web page: its own update, drawn in advance over a grid of control values.

On the HTML book no Python runs, so a slider cannot call an update. Instead the book's build
calls the explorer's update once per value of one control (or of two, where the lesson needs
two) and saves the pictures; the page swaps them as the reader drags (``tools/site``). One
source of truth: each frame is exactly what the live explorer shows for those values.

Each explorer module says what its page form scrubs with a ``page_view()`` returning a
:class:`PageView`; :func:`frame` draws one of its frames::

    PageView(neuron_figure, [Control("w1", "weight w₁", np.linspace(-5, 5, 21), start=1.0)],
             fixed={"w2": 1.0, "b": 0.0}, notebook_only=["w₂", "b", "data", "activation"])
"""

import dataclasses
import inspect
import itertools
import math
import types

import numpy as np

from . import Canvases, _png_bytes, describe

__all__ = ["Control", "PageView", "Frame", "frame", "frames", "start_index", "steps"]


@dataclasses.dataclass(frozen=True)
class Control:
    """One control of the page form: the update's keyword ``name``, the label the reader
    sees, the ``values`` it steps through, the value it starts at (the PDF's frame), and
    ``shown``, how each value is written (default: the value, to 3 significant digits)."""

    name: str
    label: str
    values: tuple
    start: object = None
    shown: tuple = None

    def __post_init__(self):
        values = tuple(v.item() if isinstance(v, np.generic) else v for v in self.values)
        if len(values) < 2:
            raise ValueError(f"control {self.name!r} needs at least 2 values, got {values}")
        start = values[0] if self.start is None else self.start
        if start not in values:
            raise ValueError(f"control {self.name!r} starts at {start!r}, not one of its values")
        shown = self.shown or tuple(_written(v) for v in values)
        if len(shown) != len(values):
            raise ValueError(f"control {self.name!r}: {len(shown)} labels for "
                             f"{len(values)} values")
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "shown", tuple(shown))


def _written(value):
    return f"{value:.3g}" if isinstance(value, float) else str(value)


@dataclasses.dataclass(frozen=True)
class PageView:
    """The page form of an explorer: ``update(**fixed, **one value per control)`` for every
    combination of the controls' values. ``title`` starts each frame's alt text;
    ``notebook_only`` names the controls that move only in a running notebook; ``numbers``
    (optional) turns the update's result into the line of numbers shown under the picture
    (default: the text the explorer prints, else its panel titles)."""

    update: object
    controls: tuple
    fixed: dict = dataclasses.field(default_factory=dict)
    title: str = ""
    notebook_only: tuple = ()
    numbers: object = None

    def __post_init__(self):
        object.__setattr__(self, "controls", tuple(self.controls))
        object.__setattr__(self, "notebook_only", tuple(self.notebook_only))
        if not 1 <= len(self.controls) <= 2:
            raise ValueError(f"a page view scrubs one or two controls, got {len(self.controls)}")

    @property
    def shape(self):
        """The number of values of each control; frames are numbered in C order."""
        return tuple(len(c.values) for c in self.controls)


Frame = types.SimpleNamespace  # values (dict), png (bytes), alt (str), numbers (str)


def frame(view, index, canvases=None):
    """Frame ``index`` (a tuple, one position per control) of ``view``: the update's picture
    as PNG bytes, its alt text and the numbers printed under it.

    With ``canvases`` (a :class:`Canvases`), an update that takes them draws as the live
    explorer does: on its kept figures, blitted.
    """
    from matplotlib.figure import Figure

    if len(index) != len(view.controls) or not all(
            0 <= i < n for i, n in zip(index, view.shape, strict=True)):
        raise IndexError(f"frame {index} is outside the grid {view.shape}")
    values = {c.name: c.values[i] for c, i in zip(view.controls, index, strict=True)}
    takes = canvases is not None and "canvases" in inspect.signature(view.update).parameters
    result = view.update(**view.fixed, **values, **({"canvases": canvases} if takes else {}))
    parts = result if isinstance(result, tuple) else (result,)
    figures = [p for p in parts if isinstance(p, Figure)]
    if len(figures) != 1:
        raise ValueError(f"a page view's update must return one Figure, got {len(figures)}")
    fig, = figures
    setting = ", ".join(f"{c.label} = {c.shown[i]}"
                        for c, i in zip(view.controls, index, strict=True))
    if view.numbers is not None:
        numbers = view.numbers(result)
    else:
        printed = [p.strip() for p in parts if isinstance(p, str)]
        numbers = " ".join(printed) if printed else describe(fig)
    alt = f"{view.title}, {setting}. {numbers}" if view.title else f"{setting}. {numbers}"
    png = _png_bytes(fig, canvases.find(fig) if takes else None)
    return Frame(values=values, png=png, alt=alt, numbers=numbers)


def frames(view):
    """Every frame of ``view``, in C order over the controls' values, drawn as the live
    explorer draws them (on one set of canvases)."""
    canvases = Canvases()
    return [frame(view, index, canvases) for index in itertools.product(*map(range, view.shape))]


def start_index(view):
    """The position, in :func:`frames`, of the frame every control starts at."""
    position = tuple(c.values.index(c.start) for c in view.controls)
    return int(np.ravel_multi_index(position, view.shape))


def steps(low, high, step):
    """``low, low + step, …, high``, rounded so that the values print as typed (1.5, not
    1.5000000000000002)."""
    count = round((high - low) / step)
    decimals = max(0, -math.floor(math.log10(step)) + 1)
    return tuple(round(low + k * step, decimals) for k in range(count + 1))
