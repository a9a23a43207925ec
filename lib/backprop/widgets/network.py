"""Network explorer (chapter 6): a 2-2-1 network, forward and backward, number by number.

The network has a sigmoid hidden layer, an identity output and the squared error:

    forward:   z⁽¹⁾ = W⁽¹⁾x + b⁽¹⁾,  a⁽¹⁾ = σ(z⁽¹⁾),  ŷ = z⁽²⁾ = W⁽²⁾a⁽¹⁾ + b⁽²⁾,  L = ½(ŷ − y)²
    backward:  δ⁽²⁾ = ŷ − y,  δ⁽¹⁾ = W⁽²⁾ᵀδ⁽²⁾ ⊙ σ'(z⁽¹⁾),  ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾,  ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾a⁽ˡ⁻¹⁾ᵀ

``network_numbers`` computes every number; ``network_figure`` is the pure update function
(slider values in, the drawn network and the numbers out); ``network_explorer`` wraps it
in sliders. ``HAND`` holds the values of chapter 6's example worked by hand.
"""


import numpy as np
from matplotlib.patches import Circle

from .. import _checks, activations, plots
from . import Canvas, canvas, explorer, fixed_layout, slider

__all__ = ["HAND", "LIMITS", "network_numbers", "network_figure", "network_explorer", "page_view"]

#: Chapter 6's worked example: W⁽¹⁾ = [[0.5, −1], [1, 1]], b⁽¹⁾ = (0, −2), W⁽²⁾ = [[2, −1]],
#: b⁽²⁾ = 0.5, x = (2, 1), y = 1. Names: w1_jk = W⁽¹⁾_jk, b1_j, w2_k = W⁽²⁾_1k, b2.
HAND = {"w1_11": 0.5, "w1_12": -1.0, "w1_21": 1.0, "w1_22": 1.0, "b1_1": 0.0, "b1_2": -2.0,
        "w2_1": 2.0, "w2_2": -1.0, "b2": 0.5, "x1": 2.0, "x2": 1.0, "y": 1.0}
#: Each slider's range (the update accepts exactly these values).
LIMITS = {name: (-4.0, 4.0) for name in HAND}
LIMITS.update(x1=(-3.0, 3.0), x2=(-3.0, 3.0), y=(-3.0, 3.0))

_NODES = {"x1": (1.0, 4.6), "x2": (1.0, 1.4), "h1": (5.0, 4.6), "h2": (5.0, 1.4),
          "out": (9.0, 3.0)}
_EDGES = [("w1_11", "x1", "h1"), ("w1_12", "x2", "h1"), ("w1_21", "x1", "h2"),
          ("w1_22", "x2", "h2"), ("w2_1", "h1", "out"), ("w2_2", "h2", "out")]
_RADIUS = 0.42


def _value(values, name):
    return _checks.real(values[name], name, *LIMITS[name])


def network_numbers(**values):
    """Every number of one forward and backward pass, as a dict of floats and arrays (ch. 6).

    Keyword arguments as in ``HAND`` (missing ones take HAND's value). Returns x, y, W1, b1,
    W2, b2, z1, a1, z2, y_hat, loss, delta2 (shape (1,)), sigma_prime (σ'(z1)), back
    (W2ᵀδ2), delta1, dW1, db1, dW2, db2.
    """
    unknown = set(values) - set(HAND)
    if unknown:
        raise TypeError(f"unknown slider(s) {sorted(unknown)}; known: {', '.join(HAND)}")
    v = {name: _value({**HAND, **values}, name) for name in HAND}
    x = np.array([v["x1"], v["x2"]])
    W1 = np.array([[v["w1_11"], v["w1_12"]], [v["w1_21"], v["w1_22"]]])
    b1 = np.array([v["b1_1"], v["b1_2"]])
    W2 = np.array([[v["w2_1"], v["w2_2"]]])
    b2 = np.array([v["b2"]])
    z1 = W1 @ x + b1
    a1 = activations.sigmoid(z1)
    z2 = W2 @ a1 + b2
    loss = 0.5 * float((z2[0] - v["y"]) ** 2)
    delta2 = z2 - v["y"]                              # BP1: identity output, σ' = 1
    sigma_prime = activations.sigmoid_derivative(z1)
    back = W2.T @ delta2                              # W⁽²⁾ᵀ δ⁽²⁾
    delta1 = back * sigma_prime                       # BP2
    return {"x": x, "y": v["y"], "W1": W1, "b1": b1, "W2": W2, "b2": b2, "z1": z1, "a1": a1,
            "z2": z2, "y_hat": float(z2[0]), "loss": loss, "delta2": delta2,
            "sigma_prime": sigma_prime, "back": back, "delta1": delta1,
            "dW1": np.outer(delta1, x), "db1": delta1.copy(),     # BP4, BP3
            "dW2": np.outer(delta2, a1), "db2": delta2.copy()}


def _f(v, digits=3):
    """A number for the picture: fixed digits, a real minus sign, no "−0.000"."""
    text = f"{v:.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", "−")


def _vector(v, digits=3):
    return "(" + ", ".join(_f(e, digits) for e in v) + ")"


def _canvas():
    """The parts that stay put (nodes, names, title), drawn once; the rest is animated."""
    fig, ax = plots.figure(width=7.4, height=4.4)
    fixed_layout(fig, left=0.01, right=0.99, bottom=0.01, top=0.93)
    ax.set(xlim=(-0.9, 11.6), ylim=(-0.85, 6.07))  # 1 unit is as long in x as in y
    ax.set_axis_off()
    ax.text(-0.8, 5.95, "edges: blue w > 0, vermillion w < 0, width ∝ |w|", fontsize=7.5,
            color="#555555", va="top")
    ax.set_title("A 2-2-1 network: sigmoid hidden layer, identity output, L = ½(ŷ − y)²",
                 fontsize=10)
    c = plots.COLORS
    names = {"x1": "x₁", "x2": "x₂", "h1": "1", "h2": "2", "out": "ŷ"}
    for key, (px, py) in _NODES.items():
        colour = c["sky"] if key.startswith("x") else c["orange"] if key == "out" else "#dddddd"
        # animated like the edges, so that the blitted picture draws them over the edges
        ax.add_patch(Circle((px, py), _RADIUS, facecolor=colour, edgecolor="#333333",
                            zorder=3, animated=True))
        ax.text(px, py, names[key], ha="center", va="center", fontsize=11, zorder=4,
                animated=True)
    edges = {}
    labels = {}
    for name, start, end in _EDGES:
        (x0, y0), (x1, y1) = _NODES[start], _NODES[end]
        (line,) = ax.plot([x0, x1], [y0, y1], zorder=1, animated=True, solid_capstyle="round")
        # where along the edge its label sits: the two crossing edges' labels far apart
        t = 0.5 if end == "out" else 0.72 if y0 != y1 else 0.55
        labels[name] = ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), "", ha="center",
                               va="center", fontsize=8.5, zorder=5, animated=True,
                               bbox=dict(boxstyle="round,pad=0.2", facecolor="white",
                                         edgecolor="#bbbbbb", linewidth=0.6))
        edges[name] = line
    box = dict(boxstyle="round,pad=0.3", facecolor="#f7f7f7", edgecolor="#bbbbbb",
               linewidth=0.6)
    nodes = {
        "x1": ax.text(0.45, 4.6, "", ha="right", va="center", fontsize=8.5, animated=True),
        "x2": ax.text(0.45, 1.4, "", ha="right", va="center", fontsize=8.5, animated=True),
        "h1": ax.text(5.0, 5.15, "", ha="center", va="bottom", fontsize=8.5, animated=True,
                      bbox=box),
        "h2": ax.text(5.0, 0.85, "", ha="center", va="top", fontsize=8.5, animated=True,
                      bbox=box),
        "out": ax.text(9.9, 3.55, "", ha="center", va="bottom", fontsize=8.5, animated=True,
                       bbox=box),
    }
    rule = ax.text(5.3, -0.85, "", ha="center", va="bottom", fontsize=9.5, animated=True)
    return Canvas(fig, ax=ax, edges=edges, labels=labels, nodes=nodes, rule=rule)


def network_figure(*, canvases=None, **values):
    """The explorer's picture for these slider values: returns (Figure, numbers).

    Each edge carries its weight w and gradient ∂L/∂w (line width ∝ |w|; blue for w > 0,
    vermillion for w < 0); each hidden node its z, a, σ'(z), δ, bias b and ∂L/∂b; the output
    node ŷ, y, L and δ⁽²⁾. The bottom line works BP2 out with the current numbers. With
    ``canvases`` (the widget's own), the figure is built once and updated in place;
    ``numbers`` is ``network_numbers(**values)``.
    """
    n = network_numbers(**values)
    drawn = canvas(canvases, "network", _canvas)
    c = plots.COLORS
    weights = {"w1_11": (n["W1"][0, 0], n["dW1"][0, 0]), "w1_12": (n["W1"][0, 1], n["dW1"][0, 1]),
               "w1_21": (n["W1"][1, 0], n["dW1"][1, 0]), "w1_22": (n["W1"][1, 1], n["dW1"][1, 1]),
               "w2_1": (n["W2"][0, 0], n["dW2"][0, 0]), "w2_2": (n["W2"][0, 1], n["dW2"][0, 1])}
    for name, (w, grad) in weights.items():
        line = drawn.edges[name]
        line.set_linewidth(0.6 + 1.2 * abs(w))
        line.set_color(c["blue"] if w > 0 else c["vermillion"] if w < 0 else "#bbbbbb")
        drawn.labels[name].set_text(f"w = {_f(w, 2)}\n∂L/∂w = {_f(grad)}")
    x1, x2 = n["x"]
    drawn.nodes["x1"].set_text(f"x₁ = {_f(x1, 2)}")
    drawn.nodes["x2"].set_text(f"x₂ = {_f(x2, 2)}")
    for j, key in enumerate(("h1", "h2")):
        drawn.nodes[key].set_text(
            f"b = {_f(n['b1'][j], 2)}   z = {_f(n['z1'][j])}   a = σ(z) = {_f(n['a1'][j])}\n"
            f"σ'(z) = {_f(n['sigma_prime'][j])}   δ⁽¹⁾{'₁₂'[j]} = {_f(n['delta1'][j])} = ∂L/∂b")
    drawn.nodes["out"].set_text(
        f"b = {_f(n['b2'][0], 2)}   ŷ = z = {_f(n['y_hat'])}\n"
        f"y = {_f(n['y'], 2)}   L = {_f(n['loss'], 4)}\n"
        f"δ⁽²⁾ = ŷ − y = {_f(n['delta2'][0])} = ∂L/∂b")
    drawn.rule.set_text(
        f"δ⁽¹⁾ = W⁽²⁾ᵀ δ⁽²⁾ ⊙ σ'(z⁽¹⁾) = {_vector(n['W2'][0], 2)} × {_f(n['delta2'][0])}"
        f" ⊙ {_vector(n['sigma_prime'])} = {_vector(n['delta1'])}")
    return drawn.fig, n


def network_explorer(**values):
    """Sliders for the six weights, three biases, the input x and the target y."""
    start = {**HAND, **values}
    labels = {"w1_11": "W⁽¹⁾₁₁", "w1_12": "W⁽¹⁾₁₂", "w1_21": "W⁽¹⁾₂₁", "w1_22": "W⁽¹⁾₂₂",
              "b1_1": "b⁽¹⁾₁", "b1_2": "b⁽¹⁾₂", "w2_1": "W⁽²⁾₁₁", "w2_2": "W⁽²⁾₁₂",
              "b2": "b⁽²⁾", "x1": "input x₁", "x2": "input x₂", "y": "target y"}
    controls = {name: slider(labels[name], start[name], *LIMITS[name]) for name in HAND}

    def update(canvases=None, **current):
        return network_figure(canvases=canvases, **current)

    return explorer(update, controls,
                    title="Network explorer: a 2-2-1 network, forward values, δ and gradients")


def page_view():
    """The network explorer on the web page: the weight W⁽¹⁾₁₁, the rest as in the tables."""
    from .page import Control, PageView, steps

    def numbers(result):
        n = result[1]
        return (f"ŷ = {_f(n['y_hat'])}, L = {_f(n['loss'], 4)}, δ⁽¹⁾ = {_vector(n['delta1'])},"
                f" ∂L/∂W⁽¹⁾₁₁ = {_f(n['dW1'][0, 0])}")

    return PageView(network_figure, [Control("w1_11", "W⁽¹⁾₁₁", steps(*LIMITS["w1_11"], 0.5),
                                             start=HAND["w1_11"])],
                    title="Network explorer", numbers=numbers,
                    notebook_only=("the other weights", "the biases", "the input x",
                                   "the target y"))
