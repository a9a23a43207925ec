"""Backpropagation stepper (chapter 5): replay the backward sweep one node per click.

Step 0 shows the graph after the forward pass (every node holds its value).  Step k
(1 ≤ k ≤ n, n = number of nodes) shows the gradients after the k-th node of the
reverse topological order has passed ``local × its gradient`` to each of its inputs,
as ``Value.backward_steps()`` does.  ``stepper_figure`` is the pure update function,
``sweep_animation`` plays all steps as a matplotlib animation and ``stepper`` wraps the
update function in buttons.
"""

import html

from matplotlib.animation import FuncAnimation
from matplotlib.figure import Figure

from .. import graph
from ..scalar import Value
from . import _png

__all__ = ["n_steps", "replay", "describe", "stepper_figure", "sweep_animation", "stepper"]

MAX_WIDTH = 9.0      # inches


def n_steps(root):
    """The number of backward steps: one per node of the graph."""
    return len(_check_root(root).topological_order())


def replay(root, step):
    """Reset the gradients and run the first ``step`` backward steps; returns the node just done.

    step 0 leaves every gradient at 0 and returns None (only the forward pass has run).
    """
    n = n_steps(root)
    if isinstance(step, bool) or not isinstance(step, int):
        raise TypeError(f"step must be an int, got {type(step).__name__}")
    if not 0 <= step <= n:
        raise ValueError(f"step must be between 0 and {n} (the number of nodes), got {step}")
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
    head = (f"{_name(node)} starts the sweep with ∂f/∂f = 1"
            if node is root else f"{_name(node)} has its full gradient {node.grad:.4g}")
    if not node.children:
        return head + "; it is an input, so nothing is passed on."
    parts = [f"{_name(c)} += {local:.3g} × {node.grad:.4g}"
             for c, local in zip(node.children, node.local_grads)]
    return head + "; it passes local × gradient to its inputs: " + ",  ".join(parts)


def stepper_figure(root, step):
    """(figure, message) after ``step`` backward steps; the node just handled is highlighted."""
    node = replay(root, step)
    fig = _figure(root)
    graph.draw(root, ax=fig.axes[0], highlight=node, show_grad=step > 0)
    return fig, f"Step {step} of {n_steps(root)}. " + describe(node, root)


def sweep_animation(root, interval=1000, dpi=90):
    """A FuncAnimation of the whole sweep (step 0 … n); show it with ``.to_jshtml()``."""
    n = n_steps(root)
    fig = _figure(root, title_space=True)
    fig.set_dpi(dpi)
    ax = fig.axes[0]

    def frame(step):
        ax.clear()
        node = replay(root, step)
        graph.draw(root, ax=ax, highlight=node, show_grad=step > 0)
        title = ("forward pass: values only" if step == 0 else
                 f"backward step {step} of {n}: {_name(node)}")
        ax.set_title(title, fontsize=10)
        return []

    return FuncAnimation(fig, frame, frames=range(n + 1), interval=interval, repeat=False)


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

    def show(step):
        state["step"] = step
        fig, msg = stepper_figure(root, step)
        message.value = html.escape(msg)
        back.disabled, forward.disabled = step == 0, step == n
        out.outputs = ()
        out.append_display_data(_png(fig))     # a PNG: shows the same in every front end

    back.on_click(lambda _: show(max(state["step"] - 1, 0)))
    forward.on_click(lambda _: show(min(state["step"] + 1, n)))
    reset.on_click(lambda _: show(0))
    show(0)
    return widgets.VBox([widgets.HBox([back, forward, reset]), message, out])


def _check_root(root):
    if not isinstance(root, Value):
        raise TypeError("the stepper needs a Value (the graph's output), "
                        f"got {type(root).__name__}")
    return root


def _figure(root, title_space=False):
    width, height = graph.figure_size(root)
    scale = min(1.0, MAX_WIDTH / width)
    height = height * scale + (0.35 if title_space else 0.0)
    fig = Figure(figsize=(width * scale, max(height, 1.4)), layout="none")
    fig.add_subplot()
    fig.subplots_adjust(left=0, right=1, bottom=0, top=0.88 if title_space else 1)
    return fig


def _name(node):
    if node.label:
        return node.label
    if not node.children:
        return f"the constant {node.data:g}"
    return f"the {node.op} node"
