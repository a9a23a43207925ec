"""Chain-rule explorer (chapter 4): type a formula, see its graph, values and local derivatives.

``chain_rule_figure`` is the pure update function: formula text and input values in, a
drawing of the computational graph (forward values in the boxes, local derivatives on
the edges, optionally each node's gradient) and a one-line summary out.  Formulas are
read by the safe parser in ``expression``, next to this module; a formula it refuses
gives a message, never a traceback.  ``chain_rule_explorer`` wraps it in ipywidgets.
"""

import html
import math

from matplotlib.figure import Figure

from .. import graph
from . import Canvas, Canvases, _png, canvas, fixed_layout
from .expression import ExpressionError, parse

__all__ = ["PRESETS", "SLIDER_RANGE", "MAX_WIDTH", "chain_rule_figure", "chain_rule_explorer",
           "page_view"]

#: Formulas to pick from, with starting values for their inputs.
PRESETS = {
    "sum then product: (x + y) * z": ("(x + y) * z", {"x": 1.0, "y": 2.0, "z": -1.5}),
    "input used twice: x * y + x": ("x * y + x", {"x": 2.0, "y": -1.0}),
    "power node: (w * x - y) ** 2": ("(w * x - y) ** 2", {"w": 0.5, "x": 2.0, "y": 1.5}),
    "neuron: tanh(w * x + b)": ("tanh(w * x + b)", {"w": 0.8, "x": 1.5, "b": -0.5}),
    "chain of functions: log(1 + exp(x))": ("log(1 + exp(x))", {"x": 0.5}),
}
SLIDER_RANGE = (-3.0, 3.0)
MAX_WIDTH = 10.0          # inches; wider graphs are drawn smaller
MAX_VARIABLES = 5         # sliders shown by the widget


def chain_rule_figure(text, values=None, show_grad=False, *, names=(), canvases=None):
    """(figure, message) for a formula at the given input values.

    figure: a matplotlib Figure of the graph (local derivatives on the edges; each node's
    gradient d(output)/d(node) too when ``show_grad``), or None if the formula is refused.
    ``names`` labels the operation nodes in the order they are computed, inputs to output
    (e.g. ``("e", "f")`` for ``x * y + x``: the product e, then the sum f), so that a text
    can name the boxes it discusses; unnamed nodes show only their numbers.
    With ``canvases`` (the widget's own), it is drawn once per formula and updated in place
    when only the values change.
    message: the output and, with ``show_grad``, its partial derivatives — or what is wrong.
    """
    try:
        expr = parse(text)
        values = dict(values or {})
        root, inputs = expr.build({v: values.get(v, 1.0) for v in expr.variables})
    except (ExpressionError, TypeError) as e:
        return None, f"⚠ {e}"
    operations = [node for node in root.topological_order() if node.children]
    if len(names) > len(operations):
        raise ValueError(f"{len(names)} names for the {len(operations)} operation nodes "
                         f"of {text!r}")
    for node, name in zip(operations, names, strict=False):
        node.label = name
    root.backward()
    drawn = canvas(canvases, (text, show_grad, tuple(names)), lambda: _draw(root, show_grad))
    drawn.drawing.refresh(root, show_grad=show_grad)              # this formula's new numbers
    fig = drawn.fig
    message = f"f = {_fmt(root.data)}"
    if show_grad and inputs:
        message += ";  " + ",  ".join(f"∂f/∂{name} = {_fmt(v.grad)}" for name, v in inputs.items())
    return fig, message


def _draw(root, show_grad):
    width, height = graph.figure_size(root)
    scale = min(1.0, MAX_WIDTH / width)
    fig = Figure(figsize=(width * scale, max(height * scale, 1.4)))
    ax = fig.add_subplot()
    fixed_layout(fig, left=0, right=1, bottom=0, top=1)
    return Canvas(fig, drawing=graph.Drawing(root, ax=ax, show_grad=show_grad, show_local=True))


def _fmt(x):
    return f"{x:.4g}" if math.isfinite(x) else str(x)


def chain_rule_explorer(preset=None):
    """The widget: a preset menu, a formula box, one slider per input, a gradient toggle."""
    import ipywidgets as widgets

    names = list(PRESETS)
    preset = names[0] if preset is None else preset
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose from {names}")
    text0, values0 = PRESETS[preset]
    menu = widgets.Dropdown(options=names, value=preset, description="pick",
                            layout=widgets.Layout(width="420px"))
    box = widgets.Text(value=text0, description="or type", continuous_update=False,
                       layout=widgets.Layout(width="420px"))
    show = widgets.Checkbox(value=False, description="show gradients ∂f/∂node (backward pass)",
                            indent=False)
    sliders_box = widgets.VBox()
    message = widgets.HTML()
    out = widgets.Output()
    canvases = Canvases()  # this explorer's own figures
    sliders = {}
    values = dict(values0)

    def redraw(*_):
        fig, msg = chain_rule_figure(box.value, {k: s.value for k, s in sliders.items()},
                                     show.value, canvases=canvases)
        message.value = f"<code>{html.escape(msg)}</code>"
        out.outputs = ()
        if fig is not None:
            # a PNG, the same in every front end; alt text: the formula and its numbers
            alt = f"Computational graph of f = {box.value}. {msg}"
            out.append_display_data(_png(fig, title=alt))

    def rebuild_sliders(*_):
        try:
            variables = parse(box.value).variables
        except (ExpressionError, TypeError):
            variables = tuple(sliders)      # keep the old sliders; redraw shows the message
        for name, s in sliders.items():
            values[name] = s.value
        for s in sliders.values():
            s.unobserve(redraw, "value")
        sliders.clear()
        for name in variables[:MAX_VARIABLES]:
            s = widgets.FloatSlider(value=min(max(values.get(name, 1.0), SLIDER_RANGE[0]),
                                              SLIDER_RANGE[1]),
                                    min=SLIDER_RANGE[0], max=SLIDER_RANGE[1], step=0.1,
                                    description=name, continuous_update=False)
            s.observe(redraw, "value")
            sliders[name] = s
        sliders_box.children = tuple(sliders.values())
        redraw()

    def pick(change):
        text, vals = PRESETS[change["new"]]
        for s in sliders.values():  # forget the old sliders so the preset's values win
            s.unobserve(redraw, "value")
        sliders.clear()
        values.update(vals)
        if box.value == text:
            rebuild_sliders()
        else:
            box.value = text        # triggers rebuild_sliders

    menu.observe(pick, "value")
    box.observe(rebuild_sliders, "value")
    show.observe(redraw, "value")
    rebuild_sliders()
    return widgets.VBox([menu, box, sliders_box, show, message, out])


def _preset_figure(preset, x, *, canvases=None):
    """``chain_rule_figure`` for a preset formula at input x, gradients shown."""
    text, values = PRESETS[preset]
    return chain_rule_figure(text, {**values, "x": x}, show_grad=True, canvases=canvases)


def page_view():
    """The chain-rule explorer on the web page: the preset formula and its input x (every
    preset has an x), gradients shown."""
    from .page import Control, PageView, steps

    names = tuple(PRESETS)
    return PageView(_preset_figure, [Control("preset", "formula", names, start=names[3],
                                             shown=tuple(PRESETS[n][0] for n in names)),
                                     Control("x", "x", steps(*SLIDER_RANGE, 0.5), start=1.5)],
                    title="Chain-rule explorer",
                    notebook_only=("typed formulas", "the other inputs", "the gradient switch"))
