"""Perceptron against LMS (chapter 8): two single-layer rules on data the reader picks.

Both rules train one unit on 2-D points, one pattern at a time, in a fixed order, from
w = 0, b = 0 (``backprop.classic``):

    perceptron (Rosenblatt):  w ← w + η (t − step(w·x + b)) x        t ∈ {0, 1}
    α-LMS (Widrow and Hoff):  w ← w + η e x / (‖x‖² + 1), e = d − (w·x + b),   d = 2t − 1

Each decides by the sign of w·x + b, so each draws a line w·x + b = 0. From w = 0 the
perceptron's weights are η times those for η = 1, so its line does not depend on η; the
LMS line does. ``perceptron_lms_figure`` is the pure update function (it returns the
figure and the numbers it shows); ``perceptron_lms_explorer`` wraps it in controls.
"""

import functools

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import _checks, classic, plots
from ..data import blobs, xor
from . import Canvas, canvas, dropdown, explorer, fixed_layout, slider

__all__ = ["DATASETS", "ETA_RANGE", "MAX_EPOCHS", "dataset", "train", "perceptron_lms_figure",
           "perceptron_lms_explorer", "page_view"]

#: The data sets (40 points each): three a line can split or nearly split, and XOR.
DATASETS = ("separable", "separable + far point", "overlapping", "xor")
ETA_RANGE = (0.01, 1.9)  # α-LMS is stable for 0 < η < 2
MAX_EPOCHS = 50
_PERCEPTRON, _LMS = plots.COLORS["vermillion"], plots.COLORS["green"]


@functools.cache
def _cached(name):
    if name == "xor":
        X, y = xor(40, noise=0.3, seed=3)
    else:
        noise = 1.0 if name == "overlapping" else 0.35
        X, y = blobs(40, centers=((-1.0, -0.5), (1.0, 0.5)), noise=noise, seed=2)
        if name == "separable + far point":  # one class-1 point far out on its own side
            X, y = np.vstack([X, [[5.0, 4.0]]]), np.append(y, 1)
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y


def dataset(name):
    """The explorer's data set ``name`` (one of DATASETS): X (N, 2), labels y (N,) in {0, 1}."""
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; choose one of: {', '.join(DATASETS)}")
    return _cached(name)


def _eta(value):
    return _checks.real(value, "eta", *ETA_RANGE)


def _epochs(value):
    return _checks.integer(value, "epochs", minimum=1, maximum=MAX_EPOCHS)


@functools.lru_cache(maxsize=256)
def _trained(name, eta):
    X, y = dataset(name)
    d = 2.0 * y - 1.0
    wp, bp, wl, bl = np.zeros(2), 0.0, np.zeros(2), 0.0
    perceptron, lms = [(wp, bp)], [(wl, bl)]
    for _ in range(MAX_EPOCHS):  # one epoch per call, so every epoch's weights are kept
        fit = classic.train_perceptron(X, y, epochs=1, lr=eta, w=wp, b=bp)
        wp, bp = fit.w, fit.b
        fit = classic.train_adaline(X, d, alpha=eta, epochs=1, w=wl, b=bl)
        wl, bl = fit.w, fit.b
        perceptron.append((wp, bp))
        lms.append((wl, bl))
    for w, _ in perceptron + lms:
        w.setflags(write=False)  # the cache hands out read-only data only
    return tuple(perceptron), tuple(lms)


def train(data="separable", eta=0.5, epochs=20):
    """Weights after each epoch: {"perceptron": [(w, b), ...], "lms": [...]}, epochs + 1 each.

    The same numbers as ``classic.train_perceptron(X, y, epochs, lr=eta)`` and
    ``classic.train_adaline(X, 2y − 1, alpha=eta, epochs=epochs)`` (patterns in order).
    """
    perceptron, lms = _trained(data if data in DATASETS else dataset(data), _eta(eta))
    n = _epochs(epochs) + 1
    return {"perceptron": list(perceptron[:n]), "lms": list(lms[:n])}


def _curves(X, y, runs):
    d = 2.0 * y - 1.0
    wrong_p = [np.mean((X @ w + b > 0) != (y == 1)) for w, b in runs["perceptron"]]
    wrong_l = [np.mean((X @ w + b > 0) != (y == 1)) for w, b in runs["lms"]]
    loss_l = [0.5 * np.mean((d - X @ w - b) ** 2) for w, b in runs["lms"]]
    return np.array(wrong_p), np.array(wrong_l), np.array(loss_l)


def _line(w, b, xlim, ylim):
    """Two points of w·x + b = 0 across the view (empty when w = 0: no line)."""
    if abs(w[0]) < 1e-12 and abs(w[1]) < 1e-12:
        return [], []
    if abs(w[1]) >= abs(w[0]):  # solve for x₂: never divides by a small number
        xs = np.array(xlim)
        return xs, -(w[0] * xs + b) / w[1]
    ys = np.array(ylim)
    return -(w[1] * ys + b) / w[0], ys


def _canvas(name):
    """The figure for one data set, drawn once: points, empty lines and curves, fixed layout."""
    plots.style()
    X, y = dataset(name)
    fig = Figure(figsize=(9.0, 3.8), layout="none")
    ax_data, ax_err = fig.subplots(1, 2, width_ratios=[1, 1.25])
    fixed_layout(fig, left=0.07, right=0.98, bottom=0.25, top=0.9, wspace=0.2)
    plots.scatter_classes(ax_data, X, y, legend=False, edgecolor="#333333")
    xlim, ylim = plots.limits(X, padding=0.5)
    ax_data.set(xlim=xlim, ylim=ylim, xlabel="x₁", ylabel="x₂")
    ax_data.grid(False)
    # animated: redrawn on every update over a saved picture of the rest (widgets._blit)
    moving = dict(animated=True)
    artists = {
        "line_p": ax_data.plot([], [], color=_PERCEPTRON, linewidth=2,
                               label="perceptron line", **moving)[0],
        "line_l": ax_data.plot([], [], color=_LMS, linewidth=2, linestyle="--",
                               label="LMS line", **moving)[0],
        "wrong_p": ax_err.plot([], [], color=_PERCEPTRON, label="perceptron: share wrong",
                               **moving)[0],
        "wrong_l": ax_err.plot([], [], color=_LMS, linestyle="--",
                               label="LMS: share wrong", **moving)[0],
        "loss_l": ax_err.plot([], [], color="#555555", linewidth=1.2, linestyle=":",
                              label="LMS: ½ mean e²", **moving)[0],
    }
    ax_err.set(xlim=(0, MAX_EPOCHS), ylim=(0, 1.05),
               xlabel="epoch (one pass through the points)")
    ax_err.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.legend(handles=list(artists.values()), loc="lower center", ncols=5, fontsize=9,
               frameon=False, bbox_to_anchor=(0.5, 0.0), handlelength=1.6, columnspacing=1.2)
    artists["title_data"] = ax_data.set_title(" ", fontsize=10, **moving)
    artists["title_err"] = ax_err.set_title(" ", fontsize=10, **moving)
    return Canvas(fig, artists=artists, limits=(xlim, ylim))


def perceptron_lms_figure(data="separable", eta=0.5, epochs=20, *, canvases=None):
    """The explorer's picture and numbers for these control values: returns (Figure, dict).

    Left: the points by class with both decision lines after ``epochs`` passes. Right, per
    epoch: the fraction of points each rule gets wrong, and the LMS error ½·mean(e²) that
    LMS descends (drawn up to 1.05). The dict holds the final weights and these numbers.
    With ``canvases`` (the widget's own), one figure per data set is updated in place.
    """
    runs = train(data, eta, epochs)
    X, y = dataset(data)
    wrong_p, wrong_l, loss_l = _curves(X, y, runs)
    drawn = canvas(canvases, data, lambda: _canvas(data))
    fig, artists, (xlim, ylim) = drawn.fig, drawn.artists, drawn.limits
    (wp, bp), (wl, bl) = runs["perceptron"][-1], runs["lms"][-1]
    artists["line_p"].set_data(*_line(wp, bp, xlim, ylim))
    artists["line_l"].set_data(*_line(wl, bl, xlim, ylim))
    steps = np.arange(len(wrong_p))
    artists["wrong_p"].set_data(steps, wrong_p)
    artists["wrong_l"].set_data(steps, wrong_l)
    artists["loss_l"].set_data(steps, np.minimum(loss_l, 1.05))  # clipped to the view
    n = len(y)
    artists["title_data"].set_text(f"wrong: perceptron {round(wrong_p[-1] * n)}/{n}, "
                                   f"LMS {round(wrong_l[-1] * n)}/{n}")
    artists["title_err"].set_text(f"η = {eta:g}, {epochs} epochs: LMS ½ mean e² = "
                                  f"{loss_l[-1]:.3g}")
    numbers = {"perceptron_w": wp, "perceptron_b": bp, "lms_w": wl, "lms_b": bl,
               "perceptron_wrong": int(round(wrong_p[-1] * n)),
               "lms_wrong": int(round(wrong_l[-1] * n)), "lms_loss": float(loss_l[-1]),
               "n": n}
    return fig, numbers


def perceptron_lms_explorer(data="separable", eta=0.5, epochs=20):
    """A menu for the data and sliders for η and the epochs, redrawing the figure."""
    import ipywidgets as w

    controls = {
        "data": dropdown("data", DATASETS, data),
        "eta": slider("η (both rules)", eta, *ETA_RANGE, step=0.01),
        "epochs": w.IntSlider(value=epochs, min=1, max=MAX_EPOCHS, description="epochs",
                              continuous_update=True, style={"description_width": "initial"},
                              layout=w.Layout(width="300px")),
    }
    return explorer(perceptron_lms_figure, controls)


def page_view():
    """The perceptron-and-LMS explorer on the web page: η, on chapter 8's data."""
    from .page import Control, PageView, steps

    return PageView(perceptron_lms_figure, [Control("eta", "η", steps(0.1, 1.9, 0.1),
                                                    start=0.5)],
                    fixed={"data": "separable + far point", "epochs": 20},
                    title="Perceptron and LMS", notebook_only=("the data", "the epochs"))
