"""Interactive explorers: one module per chapter's explorer, and the helpers they share.

Each explorer is a pure update function (slider values in, a matplotlib Figure and/or
numbers out; testable without a browser) plus a thin ipywidgets wrapper. The wrapper
shows the update's result in an ``Output`` widget by replacing its outputs
(``out.outputs = ()``, then ``append_display_data``), never by printing, so nothing
leaks into the notebook's stored cell outputs. :func:`explorer` does that wiring::

    controls = {"w": slider("w", 1.0, -5, 5), "data": dropdown("data", ["moons", "xor"])}
    box = explorer(my_figure, controls)      # my_figure(w=..., data=...) -> Figure

Explorer modules load on first use: ``backprop.widgets.neuron.neuron_playground()``.
"""

import importlib
import io
import pkgutil
import sys
from decimal import Decimal

__all__ = ["show", "show_error", "close", "fixed_layout", "slider", "dropdown", "explorer"]


def fixed_layout(fig, **margins):
    """Fixed margins (as for ``subplots_adjust``) instead of constrained layout.

    An explorer redraws on every slider move; constrained layout would double that cost.
    """
    import matplotlib as mpl

    with mpl.rc_context({"figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)
    fig.subplots_adjust(**margins)


def close(fig):
    """Release a figure: pyplot forgets it (a plain ``Figure`` is freed with its last reference)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(fig)


def _png(fig):
    from IPython.display import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi)
    close(fig)
    return Image(data=buffer.getvalue(), format="png")


def show(out, result):
    """Replace what the Output widget ``out`` shows with ``result``.

    ``result`` is a Figure, a string, or a tuple of them; other parts of a tuple (such
    as a dict of numbers returned for tests) are not shown. Figures become PNG images
    (so they display the same in any front end and in the saved widget state) and are
    then closed.
    """
    from matplotlib.figure import Figure

    parts = result if isinstance(result, tuple) else (result,)
    out.outputs = ()
    for part in parts:
        if isinstance(part, Figure):
            out.append_display_data(_png(part))
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

    The first picture is drawn at once (a broken update raises here, where it is seen);
    later errors, such as a bad combination of values, are shown in the output area.
    """
    import ipywidgets as w

    out = w.Output()

    def values():
        return {name: control.value for name, control in controls.items()}

    def refresh(_change=None):
        try:
            result = update(**values())
        except Exception as error:  # shown to the reader instead of vanishing in a log
            show_error(out, error)
            return
        show(out, result)

    show(out, update(**values()))
    for control in controls.values():
        control.observe(refresh, names="value")
    panel = w.HBox(list(controls.values()), layout=w.Layout(flex_flow="row wrap"))
    header = [w.HTML(f"<b>{title}</b>")] if title else []
    return w.VBox([*header, panel, out])


def __getattr__(name):
    if any(m.name == name for m in pkgutil.iter_modules(__path__)):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
