"""Descent explorer (chapter 3): a loss landscape, a start point, a step size and an optimizer.

``descent_path`` runs one of the library's optimizers (``backprop.optim``) on a 2-D landscape
and records where it goes; ``descent_figure`` draws the path on the contours next to its loss
curve (the pure update function); ``descent_explorer`` wraps it in sliders.
"""

from collections import namedtuple

import numpy as np

from .. import _checks, optim, plots
from . import Canvas, canvas, fixed_layout

__all__ = ["Landscape", "LANDSCAPES", "OPTIMIZERS", "descent_path", "descent_figure",
           "descent_explorer", "page_view"]

Landscape = namedtuple("Landscape", ["f", "grad", "xlim", "ylim", "start", "minimum"])
Landscape.__doc__ = "A 2-D loss surface: f(w1, w2) (vectorised), its gradient, view and start."

ESCAPE = 1e3  # a path that leaves |w| < ESCAPE has diverged; we stop it there


def _bowl(a, b):
    return a**2 / 2 + b**2 / 2


def _valley(a, b):
    return a**2 / 2 + 50 * b**2


def _rosenbrock(a, b):
    return (1 - a) ** 2 + 10 * (b - a**2) ** 2


def _two_minima(a, b):
    return (a**2 - 1) ** 2 + 0.3 * a + b**2 / 2


#: The explorer's landscapes: name -> Landscape. Each gradient sits next to its function.
LANDSCAPES = {
    "round bowl": Landscape(_bowl, lambda a, b: np.array([a, b]),
                            (-3.0, 3.0), (-3.0, 3.0), (-2.5, 2.0), (0.0, 0.0)),
    "narrow valley": Landscape(_valley, lambda a, b: np.array([a, 100 * b]),
                               (-5.0, 5.0), (-1.5, 1.5), (-4.5, 1.0), (0.0, 0.0)),
    "Rosenbrock": Landscape(_rosenbrock,
                            lambda a, b: np.array([-2 * (1 - a) - 40 * a * (b - a**2),
                                                   20 * (b - a**2)]),
                            (-2.0, 2.0), (-1.0, 3.0), (-1.5, 2.5), (1.0, 1.0)),
    "two minima": Landscape(_two_minima, lambda a, b: np.array([4 * a * (a**2 - 1) + 0.3, b]),
                            (-2.0, 2.0), (-2.0, 2.0), (0.3, 1.5), (-1.0356, 0.0)),
}

#: Optimizer names -> a function (params, lr) -> a backprop.optim optimizer.
OPTIMIZERS = {
    "gradient descent": lambda params, lr: optim.SGD(params, lr),
    "momentum": lambda params, lr: optim.Momentum(params, lr, momentum=0.9),
    "Adam": lambda params, lr: optim.Adam(params, lr),
    "AdamW": lambda params, lr: optim.AdamW(params, lr, weight_decay=0.1),
}

DescentResult = namedtuple("DescentResult", ["path", "losses", "diverged"])


def _landscape(name):
    if name not in LANDSCAPES:
        raise ValueError(f"unknown landscape {name!r}; choose one of: {', '.join(LANDSCAPES)}")
    return LANDSCAPES[name]



def descent_path(landscape, start, lr, optimizer="gradient descent", steps=50):
    """Run ``optimizer`` (a name in OPTIMIZERS) for ``steps`` steps from ``start`` (chapter 3).

    Returns DescentResult(path (T, 2), losses (T,), diverged): T = steps + 1 unless the path
    left |w| < ESCAPE, in which case it stops there with ``diverged=True``.
    """
    land = _landscape(landscape)
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer!r}; choose one of: {', '.join(OPTIMIZERS)}")
    steps = _checks.integer(steps, "steps", minimum=0)
    w = np.array(start, dtype=np.float64)
    if w.shape != (2,) or not np.all(np.isfinite(w)):
        raise ValueError(f"start must be two finite numbers (w1, w2), got {start!r}")
    opt = OPTIMIZERS[optimizer]([w], lr)
    path, losses = [w.copy()], [float(land.f(*w))]
    diverged = False
    for _ in range(steps):
        opt.step([land.grad(*w)])
        if not np.all(np.abs(w) < ESCAPE):  # also catches NaN
            diverged = True
            break
        path.append(w.copy())
        losses.append(float(land.f(*w)))
    return DescentResult(np.array(path), np.array(losses), diverged)


def descent_figure(landscape="narrow valley", w1=None, w2=None, log10_lr=-1.8,
                   optimizer="gradient descent", steps=50, *, canvases=None):
    """The explorer's picture: path on the contours and loss per step -> (Figure, result).

    With ``canvases`` (the widget's own), the contours are drawn once per landscape and view;
    later calls only move the path and redraw the loss panel.
    """
    land = _landscape(landscape)
    start = (land.start[0] if w1 is None else w1, land.start[1] if w2 is None else w2)
    if not -6 <= log10_lr <= 1:
        raise ValueError(f"log10_lr must lie in [-6, 1], got {log10_lr!r}")
    lr = 10.0**log10_lr
    result = descent_path(landscape, start, lr, optimizer, steps)
    view = _view(land, start)
    drawn = canvas(canvases, (landscape, view), lambda: _canvas(landscape, view))
    path = result.path
    drawn.path.set_data(*path.T)
    drawn.first.set_data([path[0, 0]], [path[0, 1]])
    drawn.last.set_data([path[-1, 0]], [path[-1, 1]])
    status = "diverged" if result.diverged else f"loss {result.losses[-1]:.3g}"
    drawn.map_title.set_text(f"{optimizer}, η = {lr:.3g}: {status}")

    ax = drawn.ax_loss  # its axes and ticks change with every run, so all of it moves
    drawn.losses.set_data(np.arange(len(result.losses)), result.losses)
    ax.set_yscale("log" if np.all(result.losses > 0) else "linear")
    ax.relim()
    ax.autoscale_view()
    taken = len(result.losses) - 1
    drawn.loss_title.set_text(f"{taken} step{'' if taken == 1 else 's'} from "
                               f"({start[0]:.2g}, {start[1]:.2g})")
    return drawn.fig, result


def _view(land, start):
    """The map's view: the landscape's own, or, for a start outside it, the sliders' range."""
    inside = (land.xlim[0] + 0.3 <= start[0] <= land.xlim[1] - 0.3
              and land.ylim[0] + 0.3 <= start[1] <= land.ylim[1] - 0.3)
    if inside:
        return land.xlim, land.ylim
    return ((min(land.xlim[0], -5.3), max(land.xlim[1], 5.3)),
            (min(land.ylim[0], -3.3), max(land.ylim[1], 3.3)))


def _canvas(landscape, view):
    """The contours and both panels' frames, drawn once per landscape and view.

    What moves is created ``animated=True`` (the path, the titles, the whole loss panel):
    ``widgets.show`` redraws only that, over a saved picture of the rest.
    """
    land = LANDSCAPES[landscape]
    xlim, ylim = view
    fig, (ax_map, ax_loss) = plots.figure(1, 2, width=10.0, height=3.8,
                                          gridspec_kw={"width_ratios": [1.3, 1]})
    fixed_layout(fig, left=0.075, right=0.985, bottom=0.13, top=0.91, wspace=0.2)
    # colour by log(1 + L − L*) so valleys keep their detail
    lowest = float(land.f(*land.minimum))
    plots.landscape(ax_map, lambda a, b: np.log1p(np.maximum(land.f(a, b) - lowest, 0.0)),
                    xlim, ylim, levels=20, resolution=120)
    ax_map.plot(*land.minimum, "P", color="white", markeredgecolor="black", markersize=10,
                zorder=6)
    ax_map.set(xlim=xlim, ylim=ylim)
    colour = plots.COLORS["vermillion"]  # as plots.descent_path draws a path
    (path,) = ax_map.plot([], [], "-o", color=colour, markersize=3, linewidth=1.5, zorder=4,
                          animated=True)
    (first,) = ax_map.plot([], [], "o", color=colour, markerfacecolor="white", markersize=8,
                           zorder=5, animated=True)
    (last,) = ax_map.plot([], [], "*", color=colour, markeredgecolor="white", markersize=14,
                          zorder=5, animated=True)
    (losses,) = ax_loss.plot([], [], animated=True)
    ax_loss.set(xlabel="step", ylabel="loss")
    for artist in (ax_loss.xaxis, ax_loss.yaxis, *ax_loss.spines.values()):
        artist.set_animated(True)
    # titles at a fixed height: no layout pass per update
    map_title, loss_title = (ax.set_title(" ", y=1.0, pad=6, animated=True)
                             for ax in (ax_map, ax_loss))
    return Canvas(fig, ax_loss=ax_loss, path=path, first=first, last=last, losses=losses,
                  map_title=map_title, loss_title=loss_title)


def descent_explorer(landscape="narrow valley", log10_lr=-1.8, optimizer="gradient descent"):
    """Dropdowns and sliders for ``descent_figure``: landscape, start, log10 η, optimizer, steps."""
    import ipywidgets as w

    from . import dropdown, explorer, slider

    controls = {
        "landscape": dropdown("landscape", list(LANDSCAPES), landscape),
        "optimizer": dropdown("optimizer", list(OPTIMIZERS), optimizer),
        "w1": slider("start w1", LANDSCAPES[landscape].start[0], -5.0, 5.0),
        "w2": slider("start w2", LANDSCAPES[landscape].start[1], -3.0, 3.0),
        "log10_lr": slider("log10 η", log10_lr, -4.0, 0.5, step=0.05),
        "steps": w.IntSlider(value=50, min=0, max=300, step=10, description="steps",
                             style={"description_width": "initial"},
                             layout=w.Layout(width="300px")),
    }
    return explorer(descent_figure, controls,
                    title="Descent explorer: pick a landscape, a start, a step size η and "
                          "an optimizer")


def page_view():
    """The descent explorer on the web page: log₁₀ η on the narrow valley, plain descent."""
    from .page import Control, PageView, steps

    return PageView(descent_figure, [Control("log10_lr", "log₁₀ η", steps(-4.0, 0.5, 0.25),
                                             start=-1.75)],
                    title="Descent explorer",
                    notebook_only=("the landscape", "the optimizer", "the start", "the steps"))
