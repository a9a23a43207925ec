"""Backpropagation stepper (chapter 5): replay the backward sweep one node per click.

Step 0 shows the graph after the forward pass (every node holds its value).  Step k
(1 ≤ k ≤ n, n = number of nodes) shows the gradients after the k-th node of the
reverse topological order has passed ``local × its gradient`` to each of its inputs,
as ``Value.backward_steps()`` does: the arrows carry the local derivatives, and the
text under the graph writes out each update ``input.grad += local × grad`` with numbers.
``stepper_figure`` is the pure update function (one figure per graph, updated in
place), ``sweep_animation`` plays all steps as a matplotlib animation and ``stepper``
wraps the update function in buttons.
"""

import html

from matplotlib.animation import FuncAnimation
from matplotlib.figure import Figure

from .. import _checks, graph
from ..scalar import Value
from . import Canvas, Canvases, _png, canvas, fixed_layout

__all__ = ["n_steps", "replay", "describe", "updates", "stepper_figure", "sweep_animation",
           "stepper", "page_view"]

MAX_WIDTH = 9.0      # inches


def n_steps(root):
    """The number of backward steps: one per node of the graph."""
    return len(_check_root(root).topological_order())


def replay(root, step):
    """Reset the gradients and run the first ``step`` backward steps; returns the node just done.

    step 0 leaves every gradient at 0 and returns None (only the forward pass has run).
    """
    n = n_steps(root)
    step = _checks.integer(step, "step (a count of nodes)", minimum=0, maximum=n)
    if step == 0:
        for node in root.topological_order():
            node.grad = 0.0
        return None
    for k, node in enumerate(root.backward_steps(), start=1):
        if k == step:
            return node


def describe(node, root):
    """What the node just did, in words: its gradient and what it passed to each input."""
    if node is None:
        return ("Forward pass done: every node holds its value. No gradients yet "
                "(each starts at 0).")
    out = root.label or "f"
    head = (f"{_name(node)} starts the sweep with ∂{out}/∂{out} = 1"
            if node is root else f"{_name(node)} has its full gradient {node.grad:.4g}")
    if not node.children:
        return head + "; it is an input, so nothing is passed on."
    parts = [f"{_name(c)} += {local:.3g} × {node.grad:.4g}"
             for c, local in zip(node.children, node.local_grads)]
    return head + "; it passes local × gradient to its inputs: " + ",  ".join(parts)


def updates(root, step):
    """The lines ``input.grad += local × grad → new value`` of backward step ``step``.

    Leaves the gradients as after ``step`` steps. An input that already had a gradient
    (a value used more than once) shows the sum: ``1 + (-1) = 0``.
    """
    if step == 0:
        replay(root, 0)
        return []
    replay(root, step - 1)
    node = root.topological_order()[::-1][step - 1]     # the node step `step` handles
    grads = {c: c.grad for c in node.children}          # its inputs' gradients before
    replay(root, step)
    g, lines = node.grad, []
    for c, local in zip(node.children, node.local_grads):
        before, after = grads[c], grads[c] + local * g
        grads[c] = after
        total = (f"{_num(before)} + {_paren(local * g)} = {_num(after)}" if before
                 else _num(after))
        lines.append(f"{_short(c)}.grad += {_num(local)} × {_num(g)}  →  {total}")
    return lines


def stepper_figure(root, step, *, canvases=None):
    """(figure, message) after ``step`` backward steps; the node just handled is highlighted.

    With ``canvases`` (the widget's own), the figure is built once per graph and updated
    in place on later calls.
    """
    drawn = canvas(canvases, _check_root(root), lambda: _build(root))
    _show(root, step, drawn)
    return drawn.fig, f"Step {step} of {n_steps(root)}. " + describe(drawn.node, root)


def sweep_animation(root, interval=1000, dpi=90):
    """A FuncAnimation of the forward pass, node by node, then the whole backward sweep.

    Frames 0 … n-1 compute one node each (n = number of nodes); frame n is step 0 of the
    stepper (the forward pass done) and frame n + k is backward step k. Show it with
    ``.to_jshtml()``.
    """
    n = n_steps(root)
    drawn = _build(_check_root(root))
    drawn.fig.set_dpi(dpi)
    order = root.topological_order()

    def frame(f):
        if f < n:
            _show_forward(root, order, f, drawn)
        else:
            _show(root, f - n, drawn)
        return []

    return FuncAnimation(drawn.fig, frame, frames=range(2 * n + 1), interval=interval,
                         repeat=False)


def stepper(root):
    """The widget: ◀ / ▶ buttons step through the forward pass and then the backward sweep."""
    import ipywidgets as widgets

    n = n_steps(root)
    back = widgets.Button(description="◀ back", layout=widgets.Layout(width="90px"))
    forward = widgets.Button(description="next ▶", layout=widgets.Layout(width="90px"))
    reset = widgets.Button(description="reset", layout=widgets.Layout(width="80px"))
    message = widgets.HTML()
    out = widgets.Output()
    state = {"step": 0}
    canvases = Canvases(keep=1)  # this stepper's own figure

    def show(step):
        state["step"] = step
        fig, msg = stepper_figure(root, step, canvases=canvases)
        message.value = html.escape(msg)
        back.disabled, forward.disabled = step == 0, step == n
        out.outputs = ()
        # a PNG, the same in every front end, with the step's description as its alt text
        out.append_display_data(_png(fig, title="Backpropagation stepper. " + msg))

    back.on_click(lambda _: show(max(state["step"] - 1, 0)))
    forward.on_click(lambda _: show(min(state["step"] + 1, n)))
    reset.on_click(lambda _: show(0))
    show(0)
    return widgets.VBox([widgets.HBox([back, forward, reset]), message, out])


# ---- one figure per graph, updated in place ----------------------------------------------

MAX_LINES = 4                  # text lines under the graph
_LINE, _TITLE = 0.24, 0.36     # inches
def _build(root):
    """The graph drawn once: its Drawing, the title and update texts, the node just handled."""
    width, height = graph.figure_size(root)
    scale = min(1.0, MAX_WIDTH / width)
    graph_h = max(height * scale, 1.4)
    bottom = MAX_LINES * _LINE + 0.12
    total = graph_h + _TITLE + bottom
    fig = Figure(figsize=(width * scale, total))
    ax = fig.add_subplot()
    fixed_layout(fig, left=0, right=1, bottom=bottom / total, top=1 - _TITLE / total)
    drawing = graph.Drawing(root, ax=ax, show_grad=True, show_local=True)
    title = fig.text(0.5, 1 - 0.55 * _TITLE / total, "", ha="center", va="center",
                     fontsize=10)
    lines = fig.text(0.02, (bottom - 0.06) / total, "", ha="left", va="top", fontsize=9,
                     linespacing=1.5, color=graph.HIGHLIGHT)
    return Canvas(fig, drawing=drawing, title=title, lines=lines, node=None)


def _show(root, step, drawn):
    """Put the state after ``step`` backward steps into the built figure."""
    n = n_steps(root)
    lines = updates(root, step) if 0 < step <= n else []
    node = replay(root, step)
    drawn.drawing.refresh(root, highlight=node, show_grad=step > 0)
    if node is None:
        title = "forward pass done: every box holds its value; gradients start at 0"
        lines = ["the forward pass also computed the local derivatives: the numbers on the arrows",
                 "next: the backward sweep, from the output back to the inputs"]
    elif node is root:
        title = f"step {step} of {n}: seed ∂{root.label or 'f'}/∂{root.label or 'f'} = 1"
    else:
        title = f"step {step} of {n}: {_name(node)} has its full gradient {node.grad:.4g}"
    if len(lines) > MAX_LINES - 1:          # room for the heading and MAX_LINES - 1 lines
        lines = lines[:MAX_LINES - 2] + [f"… and {len(lines) - MAX_LINES + 2} more inputs"]
    if node is not None and not node.children:
        lines = [f"{_short(node)} is an input: nothing to pass on"]
    elif node is not None:
        lines = ["it passes local × grad to its inputs (local derivative on each arrow):",
                 *lines]
    drawn.title.set_text(title)
    drawn.lines.set_text("\n".join(lines))
    drawn.node = node


def _show_forward(root, order, f, drawn):
    """Forward frame f: the nodes order[0 … f] are computed, order[f] just now."""
    replay(root, 0)
    node = order[f]
    drawn.drawing.refresh(root, highlight=node, show_grad=False, shown=set(order[:f + 1]))
    drawn.title.set_text(f"forward pass, node {f + 1} of {len(order)}: {_name(node)}")
    if node.children:
        inputs = (", ".join(f"{_short(c)} = {_num(c.data)}" for c in node.children)
                  if len(node.children) <= 3 else f"{len(node.children)} of them")
        lines = [f"computes {_num(node.data)} from its inputs ({inputs})",
                 "and its local derivatives, written on the arrows into it"]
    else:
        lines = [f"an input: {_short(node)} = {_num(node.data)}"]
    drawn.lines.set_text("\n".join(lines))
    drawn.node = node


def _num(x):
    return f"{x:.4g}"


def _paren(x):
    return f"({x:.4g})" if x < 0 else f"{x:.4g}"


def _short(node):
    if node.label:
        return node.label
    return f"{node.data:g}" if not node.children else f"[{node.op}]"


def _check_root(root):
    if not isinstance(root, Value):
        raise TypeError("the stepper needs a Value (the graph's output), "
                        f"got {type(root).__name__}")
    return root


def _name(node):
    if node.label:
        return node.label
    if not node.children:
        return f"the constant {node.data:g}"
    return f"the {node.op} node"


def chapter_neuron():
    """Chapter 5's graph a = tanh(w·x + b) at x = 1.5, w = -0.6, b = 0.4, as the chapter
    builds it (node labels x, w, b, w·x, z, a)."""
    x, w, b = Value(1.5, "x"), Value(-0.6, "w"), Value(0.4, "b")
    wx = w * x
    wx.label = "w·x"
    z = wx + b
    z.label = "z"
    a = z.tanh()
    a.label = "a"
    return a


def page_view():
    """The stepper on the web page: every step of the backward sweep of chapter 5's neuron."""
    from .page import Control, PageView

    root = chapter_neuron()
    return PageView(stepper_figure, [Control("step", "step", tuple(range(n_steps(root) + 1)))],
                    fixed={"root": root}, title="Backpropagation stepper",
                    notebook_only=("graphs of your own",))
