"""Loss explorer (chapter 2): move a prediction or the logits, watch each loss and its gradient.

Left: one sigmoid output a = σ(z) with target y, scored by the squared error ½(a − y)² and by
the cross-entropy −[y log a + (1 − y) log(1 − a)], each with its slope dL/dz. Right: three
logits through a softmax at temperature T, the probabilities p and the cross-entropy gradient
dL/dz = (p − onehot(y)) / T. ``loss_explorer_figure`` is the pure update function;
``loss_explorer`` wraps it in sliders.
"""


import numpy as np

from .. import _checks, activations, losses, plots
from . import Canvas, canvas, fixed_layout

__all__ = ["sigmoid_losses", "softmax_losses", "loss_explorer_figure", "loss_explorer", "page_view"]

Z_LIMIT = 10.0  # the sliders' range for z and for each logit
T_RANGE = (0.1, 10.0)  # the temperature slider's range


def _target(y):
    if not _checks.is_real(y):
        raise TypeError(f"the target y must be 0 or 1, got {_checks.shown(y)}")
    if y not in (0, 1):
        raise ValueError(f"the target y must be 0 or 1, got {y!r}")
    return float(y)


def sigmoid_losses(z, y):
    """One sigmoid output a = σ(z), target y: both losses and their slopes dL/dz (chapter 2).

    Squared error ½(a − y)² has dL/dz = (a − y) σ'(z); cross-entropy has dL/dz = a − y.
    ``z`` may be a number or an array; returns a dict of arrays of z's shape.
    """
    z = np.asarray(z, dtype=np.float64)
    y = _target(y)
    zs, ys = z.reshape(-1, 1), np.full((z.size, 1), y)  # one example per row
    a = activations.sigmoid(zs)
    n = z.size
    mse = 0.5 * (a - ys) ** 2
    ce = np.array([[losses.sigmoid_cross_entropy(zs[i:i + 1], ys[i:i + 1])] for i in range(n)])
    # the library's gradients average over the N rows; undo that to get each example's slope
    mse_grad = losses.mse_grad(a, ys) * n * activations.sigmoid_derivative(zs)
    ce_grad = losses.sigmoid_cross_entropy_grad(zs, ys) * n
    shape = z.shape
    return {"a": a.reshape(shape), "mse": mse.reshape(shape), "ce": ce.reshape(shape),
            "mse_grad": mse_grad.reshape(shape), "ce_grad": ce_grad.reshape(shape)}


def softmax_losses(logits, label, temperature=1.0):
    """Softmax of logits/T, cross-entropy −log p_label and its gradient (p − onehot)/T (ch. 2)."""
    z = np.asarray(logits, dtype=np.float64)
    if z.ndim != 1 or z.size < 2:
        raise ValueError(f"logits must be a 1-D sequence of at least 2 scores, got shape {z.shape}")
    if not np.all(np.isfinite(z)):
        raise ValueError("logits must be finite numbers")
    label = _checks.integer(label, "label (a class index)", minimum=0, maximum=z.size - 1)
    t = _checks.real(temperature, "temperature", 1e-3, 1e3)
    scaled = (z / t).reshape(1, -1)
    labels = np.array([label])
    p = activations.softmax(z, temperature=t)
    ce = losses.softmax_cross_entropy(scaled, labels)
    grad = losses.softmax_cross_entropy_grad(scaled, labels)[0] / t  # chain rule through z/T
    return {"p": p, "ce": ce, "grad": grad}


def loss_explorer_figure(z=-4.0, y=1, logits=(2.0, 0.5, -1.0), label=1, temperature=1.0, *,
                         canvases=None):
    """The explorer's picture for these slider values: returns (Figure, numbers).

    ``numbers`` holds the sigmoid side (a, mse, ce, mse_grad, ce_grad at z) and the softmax
    side (p, softmax_ce, softmax_grad). With ``canvases`` (the widget's own), the figure is
    built once per (y, label) and updated in place on later calls.
    """
    z = _checks.real(z, "z", -Z_LIMIT, Z_LIMIT)
    logits = tuple(_checks.real(v, f"logits[{i}]", -Z_LIMIT, Z_LIMIT)
                   for i, v in enumerate(logits))
    temperature = _checks.real(temperature, "temperature", *T_RANGE)
    here = {k: float(v) for k, v in sigmoid_losses(z, y).items()}
    soft = softmax_losses(logits, label, temperature)
    drawn = canvas(canvases, (y, label), lambda: _canvas(y, label))

    dz = np.array([-1.5, 1.5])
    for key in ("mse", "ce"):  # the current point on each curve and its tangent line
        slope = here[key + "_grad"]
        drawn.points[key].set_data([z], [here[key]])
        drawn.tangents[key].set_data(z + dz, here[key] + slope * dz)
        drawn.slopes[key].set_data([z], [slope])
    drawn.titles[0].set_text(f"a = σ(z) = {here['a']:.3f}, target y = {y}")
    drawn.titles[1].set_text(f"slope at z: MSE {here['mse_grad']:+.3f}, "
                              f"CE {here['ce_grad']:+.3f}")
    for bar, p in zip(drawn.p_bars, soft["p"]):
        bar.set_height(p)
    for bar, g in zip(drawn.grad_bars, soft["grad"]):
        bar.set_height(g)
    bound = 1.1 * max(1.0, float(np.abs(soft["grad"]).max()))
    if drawn.ax_soft.get_ylim() != (-bound, bound):  # a low temperature: larger gradients
        drawn.ax_soft.set_ylim(-bound, bound)
        drawn.redraw_still()
    drawn.titles[2].set_text(f"softmax, T = {temperature:.2g}: cross-entropy {soft['ce']:.3f}")
    numbers = dict(here, p=soft["p"], softmax_ce=soft["ce"], softmax_grad=soft["grad"])
    return drawn.fig, numbers


def _canvas(y, label):
    """The curves, axes and legends, drawn once per target y and true class.

    What moves with the sliders is created ``animated=True``: ``widgets.show`` redraws only
    that, over a saved picture of the rest.
    """
    grid = np.linspace(-Z_LIMIT, Z_LIMIT, 401)
    curves = sigmoid_losses(grid, y)
    c = plots.COLORS
    fig, (ax_loss, ax_grad, ax_soft) = plots.figure(1, 3, width=12.0, height=3.6)
    fixed_layout(fig, left=0.05, right=0.99, bottom=0.14, top=0.91, wspace=0.25)
    points, tangents, slopes = {}, {}, {}
    for key, name, colour in (("mse", "squared error", c["blue"]),
                              ("ce", "cross-entropy", c["vermillion"])):
        ax_loss.plot(grid, curves[key], color=colour, label=name)
        (points[key],) = ax_loss.plot([], [], "o", color=colour, markersize=8, animated=True)
        (tangents[key],) = ax_loss.plot([], [], "--", color=colour, linewidth=1.2,
                                        animated=True)
        ax_grad.plot(grid, curves[key + "_grad"], color=colour, label=name)
        (slopes[key],) = ax_grad.plot([], [], "o", color=colour, markersize=8, animated=True)
    top = max(curves["ce"].max(), 1.0)
    ax_loss.set(xlabel="pre-activation z", ylabel="loss L", ylim=(-0.05 * top, 1.05 * top))
    ax_loss.legend(loc="upper center")
    ax_grad.axhline(0, color="#444444", linewidth=0.8)
    ax_grad.set(xlabel="pre-activation z", ylabel="slope dL/dz", ylim=(-1.1, 1.1))

    k = np.arange(3)
    colours = [c["vermillion"] if i == label else c["sky"] for i in k]
    p_bars = ax_soft.bar(k - 0.2, np.zeros(3), width=0.4, color=colours,
                         label="probability p_k", animated=True)
    grad_bars = ax_soft.bar(k + 0.2, np.zeros(3), width=0.4, color="white",
                            edgecolor=c["black"], hatch="//", label="gradient dL/dz_k",
                            animated=True)
    ax_soft.axhline(0, color="#444444", linewidth=0.8, animated=True)  # over the bars
    ax_soft.set_xticks(k, [f"class {i}" + (" (true)" if i == label else "") for i in k])
    ax_soft.set_ylim(-1.1, 1.1)
    ax_soft.legend(loc="lower left", fontsize=9)
    # titles at a fixed height: no layout pass per update
    titles = [ax.set_title(" ", y=1.0, pad=6, animated=True)
              for ax in (ax_loss, ax_grad, ax_soft)]
    return Canvas(fig, ax_soft=ax_soft, points=points, tangents=tangents, slopes=slopes,
                  p_bars=p_bars, grad_bars=grad_bars, titles=titles)


def loss_explorer(z=-4.0, y=1, logits=(2.0, 0.5, -1.0), label=1, temperature=1.0):
    """Sliders for z, y, three logits, the true class and T, redrawing ``loss_explorer_figure``."""
    import ipywidgets as w

    from . import dropdown, explorer, slider

    def update(z, y, logit_0, logit_1, logit_2, label, temperature, canvases=None):
        return loss_explorer_figure(z, y, (logit_0, logit_1, logit_2), label, temperature,
                                    canvases=canvases)

    controls = {"z": slider("z", z, -Z_LIMIT, Z_LIMIT),
                "y": dropdown("target y", [0, 1], y)}
    controls.update({f"logit_{i}": slider(f"logit {i}", v, -Z_LIMIT, Z_LIMIT)
                     for i, v in enumerate(logits)})
    controls["label"] = dropdown("true class", [(f"class {i}", i) for i in range(3)], label)
    controls["temperature"] = w.FloatLogSlider(
        value=temperature, base=10, min=np.log10(T_RANGE[0]), max=np.log10(T_RANGE[1]),
        step=0.05, description="temperature T", style={"description_width": "initial"},
        layout=w.Layout(width="300px"))
    return explorer(update, controls, title="Loss explorer: sigmoid output (z, y) and softmax "
                                            "over three classes")


def page_view():
    """The loss explorer on the web page: the z slider, with target y = 1."""
    from .page import Control, PageView, steps

    return PageView(loss_explorer_figure, [Control("z", "z", steps(-Z_LIMIT, Z_LIMIT, 0.5),
                                                   start=-4.0)],
                    title="Loss explorer",
                    notebook_only=("the target y", "the logits", "the true class",
                                   "the temperature T"))
