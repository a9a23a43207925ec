"""Interactive explorers: one module per chapter's explorer, and the helpers they share.

Each explorer is a pure update function (slider values in, a matplotlib Figure and/or
numbers out; testable without a browser) plus a thin ipywidgets wrapper. The wrapper
shows the update's result in an ``Output`` widget by replacing its outputs
(``out.outputs = ()``, then ``append_display_data``), never by printing, so nothing
leaks into the notebook's stored cell outputs. :func:`explorer` does that wiring::

    controls = {"w": slider("w", 1.0, -5, 5), "data": dropdown("data", ["moons", "xor"])}
    box = explorer(my_figure, controls)      # my_figure(w=..., data=...) -> Figure

Explorer modules load on first use: ``backprop.widgets.neuron.neuron_playground()``.

Speed: each explorer instance owns its figures. Its wrapper makes a :class:`Canvases` and
hands it to every call of the update (``canvases=``), which builds a :class:`Canvas` (the
figure and the artists that move, created with ``animated=True``) once per dropdown choice
and afterwards only changes those artists; :func:`show` then redraws only them over a saved
picture of the rest (blitting). Called without ``canvases``, an update draws a fresh figure.
Module-level caches hold only read-only data. ``benchmarks/bench_widgets.py`` times every
explorer's update against one plain plot of the same size.
"""

import base64
import html
import importlib
import inspect
import io
import pkgutil
import sys
import types
from decimal import Decimal

import numpy as np

__all__ = ["Canvas", "Canvases", "canvas", "show", "show_error", "describe", "close",
           "fixed_layout", "slider", "dropdown", "explorer"]


class Canvas(types.SimpleNamespace):
    """One figure of an explorer instance: ``fig``, the artists its update changes, by name,
    and ``still``, the saved picture of everything that does not move (``None`` until the
    first blitted show). ``Canvas(fig, line=line, title=title)``.
    """

    def __init__(self, fig, **artists):
        super().__init__(fig=fig, still=None, **artists)

    def redraw_still(self):
        """Forget the saved picture of the still parts: the next ``show`` draws them anew.

        Call it after changing something that is not animated (a colour bar's range, a label).
        """
        self.still = None


class Canvases:
    """The canvases of one explorer instance, one per key (such as a dropdown's choice).

    The wrapper makes one per widget and passes it to every call of the update, so two
    explorers never share a figure. It keeps the ``keep`` most recently used.
    """

    def __init__(self, keep=8):
        self.keep = keep
        self._made = {}

    def get(self, key, build):
        """The canvas for ``key``, built by ``build()`` (which returns a Canvas) on first use."""
        made = self._made.pop(key, None)
        if made is None:
            made = build()
            while len(self._made) >= self.keep:
                self._made.pop(next(iter(self._made)))   # forget the least recently used
        self._made[key] = made
        return made

    def find(self, fig):
        """The canvas whose figure is ``fig``, or None."""
        return next((c for c in self._made.values() if c.fig is fig), None)


def canvas(canvases, key, build):
    """``canvases.get(key, build)``, or a fresh ``build()`` for an update called without one."""
    return build() if canvases is None else canvases.get(key, build)


def fixed_layout(fig, **margins):
    """Fixed margins (as for ``subplots_adjust``) instead of constrained layout.

    An explorer redraws on every slider move; constrained layout would double that cost.
    The engine is a do-nothing placeholder rather than None: after a ``savefig``,
    matplotlib restores a None engine by reading rcParams again, which would switch the
    book style's constrained layout back on.
    """
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    fig.set_layout_engine(PlaceHolderLayoutEngine(adjust_compatible=True,
                                                  colorbar_gridspec=True))
    fig.subplots_adjust(**margins)


def close(fig):
    """Release a figure: pyplot forgets it (a plain ``Figure`` is freed with its last reference)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(fig)


def _moving_artists(fig):
    """The artists marked ``animated=True``, figure by axes, each axes' in z-order."""
    found = [a for a in fig.get_children() if a.get_animated()]
    for ax in fig.axes:
        found += sorted((a for a in ax.get_children() if a.get_animated()),
                        key=lambda a: a.get_zorder())
    return found


def _blit(canvas):
    """Paint a Canvas fast: its still parts from its saved picture, then its moving artists.

    Artists created with ``animated=True`` are the moving ones; matplotlib leaves them out
    of an ordinary draw, so the first call draws everything else once and keeps that picture
    in ``canvas.still`` (blitting). A ``savefig`` still draws every artist.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = canvas.fig
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    agg = fig.canvas
    if canvas.still is None:
        agg.draw()
        canvas.still = agg.copy_from_bbox(fig.bbox)
    else:
        agg.restore_region(canvas.still)
    for artist in _moving_artists(fig):
        fig.draw_artist(artist)
    return np.asarray(agg.buffer_rgba())


def _png_bytes(fig, canvas=None):
    """The PNG bytes of ``fig``: blitted when its Canvas is given, else a full draw."""
    import matplotlib as mpl

    buffer = io.BytesIO()
    if canvas is not None and _moving_artists(fig):
        mpl.image.imsave(buffer, _blit(canvas), format="png", dpi=fig.dpi)
    else:
        fig.savefig(buffer, format="png", dpi=fig.dpi)
        close(fig)
    return buffer.getvalue()


def _png(fig, title=None, canvas=None):
    """``fig`` as a display object: a PNG in an ``<img>`` whose alt text says what it shows."""
    from IPython.display import HTML

    alt = html.escape(describe(fig, title), quote=True)
    data = base64.b64encode(_png_bytes(fig, canvas)).decode("ascii")
    return HTML(f'<img src="data:image/png;base64,{data}" alt="{alt}">')


def describe(fig, title=None):
    """Alt text for an explorer's picture: its title, then the titles of its panels."""
    parts = [title] if title else []
    parts += [ax.get_title() for ax in fig.axes if ax.get_title().strip()]
    return ". ".join(parts) or "the explorer's figure"


def show(out, result, *, title=None, canvases=None):
    """Replace what the Output widget ``out`` shows with ``result``.

    ``result`` is a Figure, a string, or a tuple of them; other parts of a tuple (such
    as a dict of numbers returned for tests) are not shown. Figures become PNG images in
    an ``<img>`` with alt text from :func:`describe` (so they display the same in any front
    end and in the saved widget state, and screen readers can say what they show). A figure
    of one of ``canvases`` is blitted and kept for the next update; any other is closed.
    """
    from matplotlib.figure import Figure

    parts = result if isinstance(result, tuple) else (result,)
    out.outputs = ()
    for part in parts:
        if isinstance(part, Figure):
            owner = canvases.find(part) if canvases is not None else None
            out.append_display_data(_png(part, title, owner))
        elif isinstance(part, str):
            out.append_stdout(part if part.endswith("\n") else part + "\n")


def show_error(out, error):
    """Show an exception's type and message (no traceback) in the Output widget ``out``."""
    out.outputs = ()
    out.append_stderr(f"{type(error).__name__}: {error}\n")


def slider(description, value, low, high, step=0.1, **options):
    """A FloatSlider that updates while it is dragged, with a readable label."""
    import ipywidgets as w

    decimals = max(0, -Decimal(str(step)).normalize().as_tuple().exponent)
    settings = dict(value=value, min=low, max=high, step=step, description=description,
                    continuous_update=True, readout_format=f".{decimals}f",
                    style={"description_width": "initial"}, layout=w.Layout(width="300px"))
    settings.update(options)
    return w.FloatSlider(**settings)


def dropdown(description, options, value=None, **settings):
    """A Dropdown with a readable label; ``options`` are values or (label, value) pairs."""
    import ipywidgets as w

    options = list(options)
    if value is None:
        value = options[0][1] if isinstance(options[0], tuple) else options[0]
    return w.Dropdown(options=options, value=value, description=description,
                      style={"description_width": "initial"},
                      layout=w.Layout(width="300px"), **settings)


def explorer(update, controls, *, title=None):
    """Wire named controls to ``update(**values)`` and show its result live; returns a VBox.

    An update with a ``canvases`` argument gets this explorer's own :class:`Canvases`.

    The first picture is drawn at once (a broken update raises here, where it is seen);
    later errors, such as a bad combination of values, are shown in the output area.
    """
    import ipywidgets as w

    out = w.Output()
    # this explorer's own figures, for an update that can keep them (a canvases= argument)
    canvases = Canvases() if "canvases" in inspect.signature(update).parameters else None

    def values():
        own = {} if canvases is None else {"canvases": canvases}
        return {name: control.value for name, control in controls.items()} | own

    def refresh(_change=None):
        try:
            result = update(**values())
        except Exception as error:  # shown to the reader instead of vanishing in a log
            show_error(out, error)
            return
        show(out, result, title=title, canvases=canvases)

    show(out, update(**values()), title=title, canvases=canvases)
    for control in controls.values():
        control.observe(refresh, names="value")
    panel = w.HBox(list(controls.values()), layout=w.Layout(flex_flow="row wrap"))
    header = [w.HTML(f"<b>{title}</b>")] if title else []
    return w.VBox([*header, panel, out])


def __getattr__(name):
    if any(m.name == name and not name.startswith("_") for m in pkgutil.iter_modules(__path__)):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
