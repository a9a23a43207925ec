"""Neuron playground (chapter 1): turn w₁, w₂ and b, watch one neuron split the plane.

The neuron computes z = w₁x₁ + w₂x₂ + b and outputs a = σ(z). It predicts class 1 where
z > 0, so its decision line is w₁x₁ + w₂x₂ + b = 0, perpendicular to the weight vector
w = (w₁, w₂), which points to the class-1 side. ``neuron_figure`` is the pure update
function; ``neuron_playground`` wraps it in sliders.
"""

import functools
import math

import matplotlib as mpl
import numpy as np
from matplotlib.colors import ListedColormap

from .. import _checks, activations, plots
from ..data import blobs, moons, xor
from . import Canvas, canvas, dropdown, explorer, fixed_layout, slider

__all__ = ["DATASETS", "ACTIVATIONS", "LIMIT", "dataset", "neuron_accuracy", "neuron_figure",
           "neuron_playground", "page_view"]

DATASETS = ("line-separable", "moons", "xor")
ACTIVATIONS = ("sigmoid", "tanh", "relu", "step")
LIMIT = 5.0  # the sliders' range for w₁, w₂ and b: [-LIMIT, LIMIT]
_RANGE = {"sigmoid": (0.0, 1.0), "step": (0.0, 1.0), "tanh": (-1.0, 1.0)}
# Plain Unicode, not mathtext: the figure is redrawn on every slider move, and parsing
# mathtext was most of the drawing time.
_FORMULA = {"sigmoid": "a = σ(z)", "tanh": "a = tanh(z)", "relu": "a = max(0, z)",
            "step": "a = [z > 0]"}


@functools.cache
def _cached(name):
    if name == "line-separable":
        X, y = blobs(200, centers=((-1.0, -0.6), (1.0, 0.6)), noise=0.35, seed=1)
    elif name == "moons":
        X, y = moons(200, noise=0.15, seed=1)
    else:
        X, y = xor(200, noise=0.35, seed=1)
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y


def dataset(name):
    """The playground's data set ``name`` (one of DATASETS): X (200, 2), y (200,), read-only."""
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; choose one of: {', '.join(DATASETS)}")
    return _cached(name)


def _parameter(value, name):
    return _checks.real(value, name, -LIMIT, LIMIT)


def _activation(name):
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of: {', '.join(ACTIVATIONS)}")
    if name == "step":
        return lambda z: (z > 0).astype(float)
    return activations.get(name).f


def neuron_accuracy(w1, w2, b, data="line-separable"):
    """Fraction of the data set's points on the right side: class 1 exactly where z > 0."""
    X, y = dataset(data)
    z = X @ np.array([_parameter(w1, "w1"), _parameter(w2, "w2")]) + _parameter(b, "b")
    return float(np.mean((z > 0) == (y == 1)))


def _number(v):
    return f"{round(v, 2) + 0.0:g}"


def neuron_figure(w1=1.0, w2=1.0, b=0.0, data="line-separable", activation="sigmoid", *,
                  canvases=None):
    """The playground's picture for these slider values: returns a matplotlib Figure.

    The background shows the output a = σ(w₁x₁ + w₂x₂ + b) over the plane, the dots the
    data set by class, the black line the decision line z = 0 and the arrow w. The title
    gives the accuracy. With w₁ = w₂ = 0 the output is the same everywhere: no line.
    With ``canvases`` (the widget's own), the figure is built once per (data, activation)
    and updated in place on later calls.
    """
    w = np.array([_parameter(w1, "w1"), _parameter(w2, "w2")])
    b = _parameter(b, "b")
    f = _activation(activation)
    accuracy = neuron_accuracy(w[0], w[1], b, data)
    drawn = canvas(canvases, (data, activation), lambda: _canvas(data, activation))
    a = f(drawn.points @ w + b).reshape(drawn.shape)
    drawn.image.set_data(a)
    if activation == "relu":  # 0 (white, like the others' midpoint) up to the largest output
        drawn.image.set_clim(0.0, max(float(a.max()), 1.0))
        drawn.redraw_still()  # the colour bar shows the new range
    for artist in drawn.moving:  # the line and the arrow move with w and b
        artist.remove()
    norm = math.hypot(w[0], w[1])
    if norm < 1e-9:
        drawn.moving = []
        drawn.title.set_text("w₁ = w₂ = 0: the same output everywhere, no decision line; "
                              f"accuracy {accuracy:.0%}")
        drawn.title.set_fontsize(10)
    else:
        drawn.moving = _decision_line(drawn.ax, w, b, drawn.xlim, drawn.ylim)
        drawn.title.set_text(f"w₁ = {_number(w[0])}, w₂ = {_number(w[1])}, "
                              f"b = {_number(b)}: accuracy {accuracy:.0%}")
        drawn.title.set_fontsize(mpl.rcParams["axes.titlesize"])
    return drawn.fig


def _canvas(data, activation):
    """Everything that stays put while the sliders move, drawn once per data set and activation."""
    X, y = dataset(data)
    xlim, ylim = plots.limits(X, padding=0.5)
    XX, YY, points = plots.mesh(xlim, ylim, resolution=200)
    cmap = mpl.colormaps[plots.CMAP["probability"]]
    low, high = _RANGE.get(activation, (0.0, 1.0))
    if activation == "relu":
        cmap = ListedColormap(cmap(np.linspace(0.5, 1.0, 128)))

    fig, ax = plots.figure(width=7.0, height=4.8)
    fixed_layout(fig, left=0.07, right=0.9, bottom=0.17, top=0.92)
    # animated: redrawn on every update over a saved picture of the rest (widgets._blit)
    image = ax.imshow(np.zeros(XX.shape), extent=(*xlim, *ylim), origin="lower", cmap=cmap,
                      vmin=low, vmax=high, alpha=0.4, interpolation="nearest", zorder=0,
                      animated=True)
    colorbar = fig.colorbar(image, ax=ax, shrink=0.85, fraction=0.05, pad=0.03)
    colorbar.set_label(f"neuron output {_FORMULA[activation]}")
    plots.scatter_classes(ax, X, y, legend=False, edgecolor="#333333")
    ax.plot([], [], color="black", linewidth=2, label="decision line w₁x₁ + w₂x₂ + b = 0")
    ax.set(xlim=xlim, ylim=ylim, aspect="equal")
    ax.grid(False)
    fig.legend(loc="lower center", ncols=3, fontsize=9, frameon=False)
    ax.lines[0].remove()  # the legend keeps its entry; the real line is drawn per update
    for artist in [*ax.collections, *ax.spines.values()]:  # drawn over the background
        artist.set_animated(True)
    title = ax.set_title(" ", y=1.0, pad=6, animated=True)  # fixed: no layout per update
    return Canvas(fig, ax=ax, image=image, title=title, points=points, shape=XX.shape,
                  xlim=xlim, ylim=ylim, moving=[])


def _decision_line(ax, w, b, xlim, ylim):
    """Draw w·x + b = 0 across the view and the arrow w from the line's point nearest the centre.

    Returns the artists drawn, so that the next update can remove them.
    """
    if abs(w[1]) >= abs(w[0]):  # solve for x₂: never divides by a small number
        xs = np.array(xlim)
        ys = -(w[0] * xs + b) / w[1]
    else:
        ys = np.array(ylim)
        xs = -(w[1] * ys + b) / w[0]
    (line,) = ax.plot(xs, ys, color="black", linewidth=2, zorder=2, animated=True)
    centre = np.array([sum(xlim) / 2, sum(ylim) / 2])
    foot = centre - (w @ centre + b) / (w @ w) * w
    inside = xlim[0] < foot[0] < xlim[1] and ylim[0] < foot[1] < ylim[1]
    if not inside:
        return [line]
    tip = foot + 0.6 * w / math.hypot(w[0], w[1])
    arrow = ax.annotate("", xy=tip, xytext=foot, zorder=4, animated=True,
                        arrowprops=dict(arrowstyle="-|>", color="black", linewidth=1.5))
    label = ax.annotate("w", xy=tip, xytext=(4, 4), textcoords="offset points",
                        fontstyle="italic", zorder=4, animated=True)
    return [line, arrow, label]


def neuron_playground(w1=1.0, w2=1.0, b=0.0, data="line-separable", activation="sigmoid"):
    """Sliders for w₁, w₂, b and menus for the data and activation, redrawing ``neuron_figure``."""
    controls = {
        "w1": slider("weight w₁", w1, -LIMIT, LIMIT),
        "w2": slider("weight w₂", w2, -LIMIT, LIMIT),
        "b": slider("bias b", b, -LIMIT, LIMIT),
        "data": dropdown("data", DATASETS, data),
        "activation": dropdown("activation", ACTIVATIONS, activation),
    }
    return explorer(neuron_figure, controls)


def page_view():
    """The playground on the web page: the w₁ slider, the rest as the playground starts."""
    from .page import Control, PageView, steps

    return PageView(neuron_figure, [Control("w1", "weight w₁", steps(-LIMIT, LIMIT, 0.5),
                                            start=1.0)],
                    title="Neuron playground", notebook_only=("w₂", "b", "data", "activation"))
