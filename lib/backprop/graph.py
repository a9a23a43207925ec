"""Draw a ``Value``'s computational graph with matplotlib (chapters 4 and 5).

Inputs sit on the left and the output on the right.  Each node is a box with its
name, its value (``data``) and its gradient (``grad``); the operation that made it
sits in a circle on its left edge.  The layout depends only on the graph, so the
same graph is always drawn the same way.  ``Drawing`` keeps the artists of one drawn
graph, so that its numbers can be updated without drawing it again.  pyplot is imported
only when ``draw`` has to make its own figure, so importing this module selects no backend.
"""

from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path

from .scalar import Value

__all__ = ["draw", "Drawing", "layout", "figure_size"]

MAX_NODES = 150
BOX_W, BOX_H = 1.9, 1.05          # node box, in data units
COL_GAP, ROW_GAP = 3.3, 1.45      # distance between columns / rows (room for edge labels)
INCH = 0.5                        # inches per data unit: 9-pt text fits the boxes
INK, EDGE, FILL = "#222222", "#666666", "#F2F2F2"
HIGHLIGHT, HIGHLIGHT_FILL = "#D55E00", "#FBE3D2"   # Okabe–Ito vermillion
OP_FILL = "#CFE6F5"                                # light Okabe–Ito sky blue


def layout(root):
    """Positions {node: (x, y)}: column = longest path to the root, rows ordered by their users."""
    if not isinstance(root, Value):
        raise TypeError(f"graph.layout needs a Value, got {type(root).__name__}")
    order = root.topological_order()
    if len(order) > MAX_NODES:
        raise ValueError(f"graph has {len(order)} nodes; drawing is limited to {MAX_NODES} "
                         "(draw a smaller expression)")
    index = {node: i for i, node in enumerate(order)}
    users = {node: [] for node in order}
    for node in order:
        for child in dict.fromkeys(node.children):   # each input once, in order
            users[child].append(node)
    depth = {root: 0}                                # longest distance from the root
    for node in reversed(order):
        for child in node.children:
            depth[child] = max(depth.get(child, 0), depth[node] + 1)
    n_cols = max(depth.values()) + 1
    columns = [[] for _ in range(n_cols)]
    for node in order:
        columns[depth[node]].append(node)
    y = {root: 0.0}
    for col in columns[1:]:                          # right to left: follow the users
        col.sort(key=lambda n: (-sum(y[u] for u in users[n]) / len(users[n]), index[n]))
        for row, node in enumerate(col):
            y[node] = (len(col) - 1) / 2 - row
    for col in columns:                              # spread rows evenly, centred on 0
        col.sort(key=lambda n: -y[n])
        for row, node in enumerate(col):
            y[node] = ((len(col) - 1) / 2 - row) * ROW_GAP
    return {node: ((n_cols - 1 - depth[node]) * COL_GAP, y[node]) for node in order}


def _lanes(pos):
    """{(node, input index): y} for edges that skip a column: a lane above or below the boxes
    in the columns they pass, whichever is nearer; edges sharing a side get separate lanes."""
    lanes, used = {}, {}
    for node, (x, y) in pos.items():
        for i, child in enumerate(node.children):
            cx, cy = pos[child]
            between = [py for px, py in pos.values() if cx < px < x]
            if not between:
                continue
            top, bottom = max(between) + BOX_H / 2 + 0.3, min(between) - BOX_H / 2 - 0.3
            side = 1 if top - (cy + y) / 2 <= (cy + y) / 2 - bottom else -1
            k = used[side] = used.get(side, -1) + 1
            lanes[(node, i)] = (top + 0.25 * k) if side == 1 else (bottom - 0.25 * k)
    return lanes


def figure_size(root):
    """A (width, height) in inches that keeps the boxes' text legible."""
    pos = layout(root)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()] + [lane + s * (0.45 - BOX_H / 2)
                                         for lane in _lanes(pos).values() for s in (-1, 1)]
    width = (max(xs) - min(xs) + BOX_W + 1.2) * INCH
    height = (max(ys) - min(ys) + BOX_H + 0.6) * INCH
    return max(width, 3.0), max(height, 1.6)


def draw(root, ax=None, highlight=None, show_grad=True, show_local=False):
    """Draw the graph that computes ``root``; returns the Axes.

    highlight: a node to emphasise (e.g. the one the backward pass just handled); the
    arrows from its inputs are emphasised too.
    show_local: write each edge's local derivative d(user)/d(input) on the edge.
    To update the numbers of the same drawing later, draw it as a ``Drawing``.
    """
    return Drawing(root, ax, highlight=highlight, show_grad=show_grad, show_local=show_local).ax


def _draw(root, ax, highlight, show_grad, show_local):
    """Draw the graph on ax (a new pyplot figure if None); returns (ax, the artists)."""
    pos = layout(root)
    if highlight is not None and highlight not in pos:
        raise ValueError("highlight must be a node of this graph")
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figure_size(root))
    lanes = _lanes(pos)
    order = list(pos)
    edges, edge_labels = [], []
    for node in order:
        x, y = pos[node]
        for i, child in enumerate(node.children):
            cx, cy = pos[child]
            start, end = (cx + BOX_W / 2, cy), (x - BOX_W / 2 - 0.5, y)
            lane = lanes.get((node, i))
            if lane is None:            # neighbouring columns: a straight arrow
                path = [start, end]
                mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
            else:                       # skips columns: runs above or below the boxes between
                path = [start, (start[0] + 0.35, lane), (end[0] - 0.35, lane), end]
                mx, my = end[0] - 1.0, lane
            edges.append(ax.add_patch(FancyArrowPatch(
                path=Path(path), arrowstyle="-|>", mutation_scale=9, color=EDGE, lw=0.9,
                shrinkA=0, shrinkB=2, zorder=1)))
            if show_local:
                edge_labels.append(ax.text(
                    mx, my, "", fontsize=7.5, color=INK, ha="center", va="center", zorder=3,
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none")))
    boxes, texts, ops = [], [], []
    for node in order:
        x, y = pos[node]
        boxes.append(ax.add_patch(FancyBboxPatch(
            (x - BOX_W / 2, y - BOX_H / 2), BOX_W, BOX_H,
            boxstyle="round,pad=0.02,rounding_size=0.12", fc=FILL, ec=EDGE, lw=1.0, zorder=2)))
        texts.append(ax.text(x, y, "", ha="center", va="center", fontsize=9, color=INK,
                             linespacing=1.25, zorder=4))
        if node.op:
            ox = x - BOX_W / 2 - 0.28
            ops.append((ax.add_patch(Circle((ox, y), 0.26, fc=OP_FILL, ec=EDGE, lw=1.0,
                                            zorder=3)),
                        ax.text(ox, y, node.op, ha="center", va="center",
                                fontsize=7 if len(node.op) > 2 else 9, color=INK, zorder=4)))
        else:
            ops.append(())
    artists = _Artists(_shape(order), edges, edge_labels, boxes, texts, ops)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()] + [lane + s * (0.45 - BOX_H / 2)
                                         for lane in lanes.values() for s in (-1, 1)]
    ax.set_xlim(min(xs) - BOX_W / 2 - 0.8, max(xs) + BOX_W / 2 + 0.2)
    ax.set_ylim(min(ys) - BOX_H / 2 - 0.3, max(ys) + BOX_H / 2 + 0.3)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax, artists


class Drawing:
    """A drawn graph: ``.ax`` and the artists that ``refresh`` updates in place.

    ``Drawing(root, ax=None, ...)`` draws as ``draw`` does (same arguments).
    """

    def __init__(self, root, ax=None, highlight=None, show_grad=True, show_local=False):
        self.ax, self._artists = _draw(root, ax, highlight, show_grad, show_local)
        self.refresh(root, highlight=highlight, show_grad=show_grad)

    def refresh(self, root, highlight=None, show_grad=True, shown=None):
        """Update the drawing with ``root``'s current numbers (no redrawing); returns the Axes.

        ``root`` must have the same shape as the drawn graph (the same formula, perhaps
        with other values); this is what makes the explorers fast. ``shown``: if given,
        only these nodes (and the arrows into them) are visible, e.g. during a forward pass.
        """
        return _refresh(self._artists, self.ax, root, highlight, show_grad, shown)


def _refresh(drawing, ax, root, highlight, show_grad, shown):
    order = layout(root)               # same order as draw(): the layout's keys
    if _shape(order) != drawing.shape:
        raise ValueError("refresh needs a graph of the same shape as the one drawn")
    if highlight is not None and highlight not in order:
        raise ValueError("highlight must be a node of this graph")
    edge = 0
    for node in order:
        hot, visible = node is highlight, shown is None or node in shown
        for local in node.local_grads:
            drawing.edges[edge].set_color(HIGHLIGHT if hot else EDGE)
            drawing.edges[edge].set_linewidth(1.8 if hot else 0.9)
            drawing.edges[edge].set_visible(visible)
            if drawing.edge_labels:
                drawing.edge_labels[edge].set_text(f"{local:.3g}")
                drawing.edge_labels[edge].set_visible(visible)
            edge += 1
    for node, box, text, op in zip(order, drawing.boxes, drawing.texts, drawing.ops):
        visible = shown is None or node in shown
        for artist in (box, text, *op):
            artist.set_visible(visible)
        hot = node is highlight
        box.set_facecolor(HIGHLIGHT_FILL if hot else FILL)
        box.set_edgecolor(HIGHLIGHT if hot else EDGE)
        box.set_linewidth(2.2 if hot else 1.0)
        name = node.label or ("const" if not node.children else "")
        lines = ([name] if name else []) + [f"data {node.data:.4g}"]
        if show_grad:
            lines.append(f"grad {node.grad:.4g}")
        text.set_text("\n".join(lines))
    return ax


class _Artists:
    """The artists of one drawn graph, in the layout's node order."""

    __slots__ = ("shape", "edges", "edge_labels", "boxes", "texts", "ops")

    def __init__(self, shape, edges, edge_labels, boxes, texts, ops):
        self.shape, self.edges, self.edge_labels = shape, edges, edge_labels
        self.boxes, self.texts, self.ops = boxes, texts, ops


def _shape(order):
    """What must match for ``refresh``: each node's op, label and inputs (as positions)."""
    index = {node: i for i, node in enumerate(order)}
    return tuple((n.op, n.label, tuple(index[c] for c in n.children)) for n in order)
