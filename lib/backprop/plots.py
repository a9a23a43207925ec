"""The book's figures: house style and the plots several chapters share.

``style()`` sets the look once (Okabe–Ito colours, readable fonts, light grid, no
top/right spines, sizes for a 7-inch page column). Every plotting function takes the
Axes to draw on as its first argument and returns it; pass ``ax=None`` for a new pyplot
figure. Nothing here calls ``plt.show()``. Class ``c`` always gets colour
``class_colors(k)[c]`` and marker ``MARKERS[c]``, so figures agree with each other.
"""

import math
from html import escape

import matplotlib as mpl
import numpy as np
from cycler import cycler
from matplotlib.colors import LinearSegmentedColormap, ListedColormap, LogNorm
from matplotlib.figure import Figure

from . import _checks, train

__all__ = ["PALETTE", "COLORS", "MARKERS", "CMAP", "style", "figure", "class_colors", "mesh",
           "limits", "loss_curve", "regression_fit", "scatter_classes", "decision_boundary",
           "landscape", "descent_path", "image_grid", "confusion_counts", "confusion_matrix"]

#: Okabe & Ito's colour-blind-safe palette, in the order the book uses it.
COLORS = {
    "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
    "purple": "#CC79A7", "sky": "#56B4E9", "yellow": "#F0E442", "black": "#000000",
}
PALETTE = tuple(COLORS.values())
#: One marker per class, so classes differ in shape as well as colour.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<")

_PROBABILITY = LinearSegmentedColormap.from_list(
    "backprop_probability", [COLORS["blue"], "#ffffff", COLORS["orange"]])
if "backprop_probability" not in mpl.colormaps:
    mpl.colormaps.register(_PROBABILITY)

#: Colour maps by role: values (sequential), signed values around 0 (diverging), and the
#: probability of class 1 (class-0 blue → white at ½ → class-1 orange).
CMAP = {"sequential": "viridis", "diverging": "RdBu_r", "probability": "backprop_probability"}

_STYLE = {
    "figure.figsize": (7.0, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.constrained_layout.use": True,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "figure.titlesize": 13,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#444444",
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#cccccc",
    "grid.linewidth": 0.6,
    "grid.alpha": 0.7,
    "axes.prop_cycle": cycler(color=PALETTE),
    "lines.linewidth": 2.0,
    "lines.markersize": 6,
    "legend.frameon": False,
    "image.cmap": CMAP["sequential"],
}


def style():
    """Apply the house style to matplotlib's rcParams (safe to call repeatedly).

    Figures use constrained layout, so do not call ``tight_layout()`` on them.
    """
    mpl.rcParams.update(_STYLE)


def figure(nrows=1, ncols=1, *, width=7.0, height=4.0, **subplot_kw):
    """A styled ``matplotlib.figure.Figure`` outside pyplot (for widgets): returns (fig, axes).

    Nothing is shown automatically; ``axes`` is one Axes or an array as in ``plt.subplots``.
    """
    style()
    fig = Figure(figsize=(width, height))
    return fig, fig.subplots(nrows, ncols, **subplot_kw)


def _axes(ax, figsize=None):
    """The Axes to draw on: ``ax`` itself, or a new styled pyplot figure's Axes."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    style()
    return plt.subplots(figsize=figsize)[1]


def class_colors(k):
    """Colours for classes 0 … k−1: the Okabe–Ito palette, or tab20 when k > 8."""
    if k <= len(PALETTE):
        return list(PALETTE[:k])
    return [mpl.colors.to_hex(c) for c in mpl.colormaps["tab20"].colors[:k]] if k <= 20 else \
        [mpl.colors.to_hex(mpl.colormaps["turbo"](i / (k - 1))) for i in range(k)]


def mesh(xlim, ylim, resolution=200):
    """A grid over the rectangle: returns XX, YY (res × res) and points (res², 2) = [x, y] rows."""
    xs = np.linspace(*_checks.interval(xlim, "xlim"), resolution)
    ys = np.linspace(*_checks.interval(ylim, "ylim"), resolution)
    XX, YY = np.meshgrid(xs, ys)
    return XX, YY, np.column_stack([XX.ravel(), YY.ravel()])


def _points_2d(X, y=None):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (N, 2) to be drawn in the plane, got {X.shape}")
    if y is None:
        return X
    y = np.asarray(y)
    if y.shape != (len(X),):
        raise ValueError(f"y must have shape ({len(X)},) to match X {X.shape}, got {y.shape}")
    if not (np.issubdtype(y.dtype, np.integer) or y.dtype == bool):
        raise TypeError(f"y must hold class labels 0, 1, 2, …, got dtype {y.dtype}")
    if y.size and y.min() < 0:
        raise ValueError(f"y must hold class labels 0, 1, 2, …, found {y.min()}")
    return X, y.astype(np.intp)


def limits(X, padding=0.5):
    """The view around 2-D points X (N, 2): ((x_min, x_max), (y_min, y_max)) widened by padding."""
    X = _points_2d(X)
    lo, hi = X.min(axis=0) - padding, X.max(axis=0) + padding
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


# ---- curves ----------------------------------------------------------------------------

def loss_curve(ax, losses, label=None, *, log=False, smooth=None, color=None, xlabel="step",
               ylabel="loss"):
    """Loss against step (chapter 3); ``smooth=w`` overlays a w-step moving average."""
    ax = _axes(ax)
    losses = np.asarray(losses, dtype=float).ravel()
    if losses.size == 0:
        raise ValueError("losses is empty: nothing to plot")
    if log and np.any(losses[np.isfinite(losses)] <= 0):
        raise ValueError("a log scale needs positive losses; use log=False")
    steps = np.arange(losses.size)
    if smooth:
        smooth = int(smooth)
        if not 1 <= smooth <= losses.size:
            raise ValueError(f"smooth must be between 1 and len(losses)={losses.size}, "
                             f"got {smooth}")
        (raw,) = ax.plot(steps, losses, color=color, alpha=0.3, linewidth=1)
        average = np.convolve(losses, np.ones(smooth) / smooth, mode="valid")
        ax.plot(steps[smooth - 1:], average, color=raw.get_color(), label=label)
    else:
        ax.plot(steps, losses, color=color, label=label)
    if log:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    if label is not None:
        ax.legend()
    return ax


def regression_fit(ax, X, y, predict=None, *, label="model", resolution=200, color=None):
    """1-D data as dots and, if given, the model's curve ŷ = predict(x) over their range (ch. 2)."""
    ax = _axes(ax)
    x = np.asarray(X, dtype=float)
    if x.ndim == 2 and x.shape[1] == 1:
        x = x[:, 0]
    y = np.asarray(y, dtype=float).reshape(-1)
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError(f"regression_fit needs X (N,) or (N, 1) and y (N,) or (N, 1), got "
                         f"{np.shape(X)} and {np.shape(y)}")
    ax.scatter(x, y, s=18, color=COLORS["blue"], alpha=0.8, label="data", zorder=3)
    if predict is not None:
        grid = np.linspace(x.min(), x.max(), resolution)
        curve = np.asarray(predict(grid[:, None]), dtype=float)
        if curve.size != resolution:
            raise ValueError(f"predict(X) for X of shape ({resolution}, 1) returned shape "
                             f"{curve.shape}; expected ({resolution},) or ({resolution}, 1)")
        ax.plot(grid, curve.reshape(-1), color=color or COLORS["vermillion"], label=label)
    ax.set(xlabel="$x$", ylabel="$y$")
    ax.legend()
    return ax


# ---- classification in the plane -------------------------------------------------------

def scatter_classes(ax, X, y, *, names=None, size=22, legend=True, k=None, edgecolor="white"):
    """2-D points coloured and shaped by class label (chapters 1, 8)."""
    ax = _axes(ax)
    X, y = _points_2d(X, y)
    k = k or (int(y.max()) + 1 if y.size else 1)
    colors = class_colors(k)
    for c in np.unique(y):
        name = names[c] if names is not None else f"class {c}"
        ax.scatter(*X[y == c].T, s=size, color=colors[c], marker=MARKERS[c % len(MARKERS)],
                   edgecolors=edgecolor, linewidths=0.5, label=name, zorder=3)
    ax.set(xlabel="$x_1$", ylabel="$x_2$")
    if legend:
        ax.legend(loc="best", markerscale=1.2, handletextpad=0.2)
    return ax


def decision_boundary(ax, predict, X, y, *, resolution=200, padding=0.5, names=None,
                      legend=True):
    """Regions a classifier assigns to each class, with the data on top (chapters 1, 5, 8).

    ``predict(points)`` gets an (M, 2) array and returns either class labels (M,), a
    probability of class 1 in [0, 1] of shape (M,) or (M, 1) (shaded, boundary at ½),
    a score of shape (M,) or (M, 1) (boundary at 0), or class scores (M, K) (argmax).
    """
    ax = _axes(ax)
    X, y = _points_2d(X, y)
    xlim, ylim = limits(X, padding)
    XX, YY, points = mesh(xlim, ylim, resolution)
    out = np.asarray(predict(points))
    m = len(points)
    if out.shape not in {(m,), (m, 1)} and not (out.ndim == 2 and out.shape[0] == m):
        raise ValueError(f"predict(points) with points of shape {points.shape} returned shape "
                         f"{out.shape}; expected ({m},), ({m}, 1) or ({m}, K)")
    if out.dtype.kind not in "biuf":
        raise TypeError(f"predict returned dtype {out.dtype}; expected numbers")
    if not np.all(np.isfinite(out)):
        raise ValueError("predict returned NaN or infinite values")
    k = int(y.max()) + 1 if y.size else 2
    if out.ndim == 2 and out.shape[1] > 1:
        labels = out.argmax(axis=1)
        k = max(k, out.shape[1])
    elif out.dtype.kind in "biu":
        labels = out.reshape(-1).astype(np.intp)
        if labels.min() < 0:
            raise ValueError("predict returned negative class labels")
        k = max(k, int(labels.max()) + 1)
    elif out.min() >= 0 and out.max() <= 1:
        p = out.reshape(XX.shape)
        ax.contourf(XX, YY, p, levels=np.linspace(0, 1, 11), cmap=CMAP["probability"],
                    alpha=0.6, zorder=0)
        _level_line(ax, XX, YY, p, 0.5)
        labels = None
    else:
        score = out.reshape(XX.shape)
        labels = (score > 0).astype(np.intp).ravel()
        _level_line(ax, XX, YY, score, 0.0)
    if labels is not None:
        cmap = ListedColormap(class_colors(k))
        ax.contourf(XX, YY, labels.reshape(XX.shape), levels=np.arange(k + 1) - 0.5, cmap=cmap,
                    alpha=0.25, zorder=0)
    scatter_classes(ax, X, y, names=names, legend=legend, k=k)
    ax.set(xlim=xlim, ylim=ylim)
    return ax


def _level_line(ax, XX, YY, Z, level):
    """Draw the contour Z = level only where it exists (no 'no contour levels' warning)."""
    if Z.min() < level < Z.max():
        ax.contour(XX, YY, Z, levels=[level], colors="black", linewidths=1.5, zorder=1)


# ---- loss landscapes -------------------------------------------------------------------

def _evaluate(f, XX, YY):
    """f on a grid: vectorised f(XX, YY) if it gives the grid's shape, else point by point."""
    try:
        with np.errstate(all="ignore"):
            Z = np.asarray(f(XX, YY), dtype=float)
    except (TypeError, ValueError):
        Z = None
    if Z is None or Z.shape != XX.shape:
        Z = np.array([float(f(a, b)) for a, b in zip(XX.ravel(), YY.ravel(), strict=True)])
        Z = Z.reshape(XX.shape)
    return Z


def landscape(ax, f, xlim, ylim, levels=20, *, path=None, resolution=150, log=False,
              colorbar=False, cmap=None, labels=("$w_1$", "$w_2$")):
    """Filled contours of a loss surface f(w1, w2), optionally with a descent path (ch. 3).

    ``f`` is called with two grid arrays (vectorised) or, failing that, point by point.
    ``log=True`` spaces the levels geometrically (needs f > 0). ``path`` is an (T, 2)
    sequence of points, drawn with :func:`descent_path`.
    """
    ax = _axes(ax)
    XX, YY, _ = mesh(xlim, ylim, resolution)
    Z = _evaluate(f, XX, YY)
    finite = Z[np.isfinite(Z)]
    if finite.size == 0:
        raise ValueError("f is NaN or infinite everywhere on the grid")
    n = int(levels) if np.ndim(levels) == 0 else None
    norm = None
    if log:
        if finite.min() <= 0:
            raise ValueError(f"log=True needs f > 0, but f reaches {finite.min():.3g}")
        if n is not None:
            levels = np.geomspace(finite.min(), finite.max(), n)
        norm = LogNorm(vmin=np.min(levels), vmax=np.max(levels))
    elif n is not None and finite.min() == finite.max():
        levels = np.array([finite.min() - 0.5, finite.min() + 0.5])
    filled = ax.contourf(XX, YY, Z, levels=levels, cmap=cmap or CMAP["sequential"], norm=norm,
                         zorder=0)
    ax.contour(XX, YY, Z, levels=filled.levels, colors="white", linewidths=0.4, alpha=0.6,
               norm=norm, zorder=1)
    if colorbar:
        ticks = mpl.ticker.LogLocator() if log else None
        ax.figure.colorbar(filled, ax=ax, ticks=ticks)
    if path is not None:
        descent_path(ax, path)
    ax.set(xlim=xlim, ylim=ylim, xlabel=labels[0], ylabel=labels[1])
    ax.grid(False)
    return ax


def descent_path(ax, path, *, color=None, label=None, markersize=3):
    """A sequence of points (T, 2) as a line with dots; start ○, end ★ (chapter 3)."""
    ax = _axes(ax)
    path = np.asarray(path, dtype=float)
    if path.ndim != 2 or path.shape[1] != 2 or len(path) == 0:
        raise ValueError(f"path must be a non-empty sequence of 2-D points (T, 2), "
                         f"got shape {path.shape}")
    color = color or COLORS["vermillion"]
    ax.plot(*path.T, "-o", color=color, markersize=markersize, linewidth=1.5, label=label,
            zorder=4)
    ax.plot(*path[0], "o", color=color, markerfacecolor="white", markersize=8, zorder=5)
    ax.plot(*path[-1], "*", color=color, markeredgecolor="white", markersize=14, zorder=5)
    if label is not None:
        ax.legend()
    return ax


# ---- images ----------------------------------------------------------------------------

def image_grid(ax, images, *, ncols=10, labels=None, predictions=None, shape=None,
               cmap="gray_r", vmin=0.0, vmax=None):
    """Small images tiled into one picture, optionally captioned by label / prediction (ch. 7).

    ``images`` is (n, h, w), or (n, h·w) with square images or ``shape=(h, w)``. A wrong
    prediction is captioned "p (true t)" in vermillion.
    """
    images = np.asarray(images, dtype=float)
    if images.ndim == 2:
        if shape is None:
            side = math.isqrt(images.shape[1])
            if side * side != images.shape[1]:
                raise ValueError(f"cannot tell the image shape from {images.shape[1]} pixels; "
                                 f"pass shape=(h, w)")
            shape = (side, side)
        images = images.reshape(len(images), *shape)
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(f"images must have shape (n, h, w) or (n, pixels), got {images.shape}")
    n, h, w = images.shape
    for name, values in (("labels", labels), ("predictions", predictions)):
        if values is not None and len(values) != n:
            raise ValueError(f"{name} has {len(values)} entries for {n} images")
    ncols = max(1, min(int(ncols), n))
    nrows = -(-n // ncols)
    captioned = labels is not None or predictions is not None
    gap_x, gap_y = 1, (h // 2 + 2 if captioned else 1)
    top = gap_y if captioned else 0
    mosaic = np.full((top + nrows * (h + gap_y) - gap_y, ncols * (w + gap_x) - gap_x), np.nan)
    for i, image in enumerate(images):
        r, c = divmod(i, ncols)
        y0, x0 = top + r * (h + gap_y), c * (w + gap_x)
        mosaic[y0:y0 + h, x0:x0 + w] = image
    if ax is None:
        ax = _axes(None, figsize=(7.0, max(1.0, 7.0 * mosaic.shape[0] / mosaic.shape[1])))
    colormap = mpl.colormaps[cmap].with_extremes(bad="white")
    ax.imshow(mosaic, cmap=colormap, vmin=vmin, vmax=vmax if vmax is not None else
              np.nanmax(mosaic), interpolation="nearest")
    if captioned:
        for i in range(n):
            r, c = divmod(i, ncols)
            text, color = _caption(labels, predictions, i)
            ax.text(c * (w + gap_x) + (w - 1) / 2, top + r * (h + gap_y) - 0.8, text,
                    ha="center", va="bottom", fontsize=9, color=color)
    ax.set_axis_off()
    return ax


def _caption(labels, predictions, i):
    if predictions is None:
        return str(labels[i]), "black"
    if labels is None or predictions[i] == labels[i]:
        return str(predictions[i]), "black"
    return f"{predictions[i]} (true {labels[i]})", COLORS["vermillion"]


def confusion_counts(y_true, y_pred, k=None):
    """Confusion matrix C (k, k): C[i, j] = number of examples of class i predicted as j (ch. 7).

    The same function as ``train.confusion_matrix`` (one implementation, kept in the core).
    """
    return train.confusion_matrix(y_true, y_pred, k)


def confusion_matrix(ax, y_true, y_pred, *, k=None, normalize=False, names=None, cmap="Blues"):
    """Confusion matrix as a heat map with the count (or row fraction) in every cell (ch. 7)."""
    counts = confusion_counts(y_true, y_pred, k)
    k = len(counts)
    if normalize:
        with np.errstate(invalid="ignore", divide="ignore"):
            values = np.nan_to_num(counts / counts.sum(axis=1, keepdims=True))
    else:
        values = counts
    ax = _axes(ax, figsize=(5.0, 4.5))
    top = values.max() if values.max() > 0 else 1
    ax.imshow(values, cmap=cmap, vmin=0, vmax=top)
    for i in range(k):
        for j in range(k):
            text = f"{values[i, j]:.2f}" if normalize else str(values[i, j])
            ax.text(j, i, text, ha="center", va="center", fontsize=8 if k > 6 else 10,
                    color="white" if values[i, j] > 0.5 * top else "black")
    ticks = np.arange(k)
    names = [str(i) for i in ticks] if names is None else names
    ax.set(xticks=ticks, yticks=ticks, xticklabels=names, yticklabels=names,
           xlabel="predicted class", ylabel="true class")
    ax.grid(False)
    ax.spines[:].set_visible(False)
    return ax


def animation_html(animation, alt, **to_jshtml_options):
    """HTML playing an animation with no kernel (``to_jshtml``), alt text on its frames."""
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("animation_html needs alt text describing the animation")
    html = animation.to_jshtml(**to_jshtml_options)
    return html.replace("<img id=", f'<img alt="{escape(alt, quote=True)}" id=', 1)
