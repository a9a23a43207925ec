"""Training dashboard (chapter 7): loss and accuracy curves that grow while a network trains.

Pure parts, testable without a browser: :func:`make_optimizer`, :func:`run_training` (one
training run on given data, reporting each epoch to a callback) and
:func:`dashboard_figure` (the two panels drawn from a history). The wrapper
:func:`training_dashboard` adds the controls, a Train button, a progress bar and an
output area that is redrawn after every epoch. Nothing trains until Train is pressed.
"""

import numpy as np

from .. import nn, optim, plots, train
from . import Canvas, Canvases, canvas, fixed_layout, show

__all__ = ["OPTIMIZERS", "make_optimizer", "run_training", "dashboard_figure",
           "training_dashboard", "page_view"]

#: The optimizers the dashboard offers, by name.
OPTIMIZERS = {"SGD": optim.SGD, "Momentum": optim.Momentum, "Adam": optim.Adam,
              "AdamW": optim.AdamW}


_REDRAWS = 30  # redraw the curves about this many times per run
_ALT = "Training dashboard: loss and accuracy per epoch, training and validation"


def make_optimizer(name, params, lr):
    """The optimizer called ``name`` ("SGD", "Momentum", "Adam" or "AdamW") over ``params``."""
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZERS)}")
    return OPTIMIZERS[name](params, lr=lr)


def run_training(optimizer, lr, epochs, X_train, y_train, X_val, y_val, *, hidden=128,
                 batch_size=64, seed=0, callback=None):
    """Train a fresh MLP [features, hidden, classes] with ``train.fit``; return (model, history)."""
    sizes = [X_train.shape[1], hidden, int(max(np.max(y_train), np.max(y_val))) + 1]
    model = nn.MLP(sizes, seed=seed)
    history = train.fit(model, make_optimizer(optimizer, model.params, lr), X_train, y_train,
                        epochs=epochs, batch_size=batch_size, seed=seed, callback=callback,
                        validation=(X_val, y_val))
    return model, history


def _finite(epochs, values):
    values = np.asarray(values, dtype=float)
    keep = np.isfinite(values)
    return np.asarray(epochs)[keep], values[keep]


_CURVES = (("", "training", "blue"), ("val_", "validation", "orange"))
def _dashboard(shown):
    """The figure for the curves in ``shown``; updates only change its artists."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator, NullLocator

    fig, (ax_loss, ax_acc) = plots.figure(1, 2, width=8.0, height=3.4)
    fixed_layout(fig, left=0.1, right=0.98, bottom=0.15, top=0.82, wspace=0.3)
    lines = {}
    for (prefix, name, color), show_it in zip(_CURVES, shown, strict=True):
        if show_it:
            lines[prefix] = tuple(ax.plot([], [], color=plots.COLORS[color], label=name,
                                          zorder=3, animated=True)[0]  # over the spines
                                  for ax in (ax_loss, ax_acc))
    ax_loss.set(xlabel="epoch", ylabel="cross-entropy loss (log scale)", title="loss",
                yscale="log")
    ax_loss.yaxis.set_minor_locator(NullLocator())   # fewer ticks and plain "0.01", not
    ax_loss.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))  # mathtext: faster
    ax_acc.set(xlabel="epoch", ylabel="accuracy (%)", title="accuracy", ylim=(0, 100))
    for ax in (ax_loss, ax_acc):
        ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
    legend = ax_acc.legend(loc="lower right") if lines else None
    message = ax_loss.text(0.5, 0.5, "", transform=ax_loss.transAxes, ha="center",
                           va="center", animated=True)
    # a figure-level artist that is animated would be left out of savefig: use an axes' text
    title = ax_loss.text(0.5, 0.98, "", transform=fig.transFigure, ha="center", va="top",
                         fontsize="large", animated=True)
    # curves, message and title are animated: widgets.show repaints only them over a saved
    # picture of the axes, until the axis limits change (then redraw_still)
    return Canvas(fig, parts=dict(loss=ax_loss, acc=ax_acc, lines=lines, legend=legend,
                                  message=message, title=title, limits=None))


def _loss_limits(values):
    """Log-scale limits: whole powers of ten around the positive values (or 0.01 … 10).

    Whole decades change seldom as a run goes on, so the axes are seldom redrawn. The
    range stays within 10⁻⁸ … 10⁶: a diverging loss leaves the top of the panel.
    """
    values = np.clip(values[values > 0], 1e-8, 1e6)
    if not values.size:
        return 0.01, 10.0
    low = 10.0 ** np.floor(np.log10(values.min()))
    return low, max(10.0 ** np.ceil(np.log10(values.max())), 10 * low)


def dashboard_figure(history=None, epochs=None, *, title=None, canvases=None):
    """Loss (left) and accuracy (right) per epoch, training and validation, from a history.

    ``history`` is what ``train.fit`` returns (None or no epochs: empty panels); ``epochs``
    fixes the x-axis to 0 … epochs so that the curves grow across a still frame. With
    ``canvases`` (the dashboard's own), the figure is built once and reused: each call
    redraws its curves and returns it.
    """
    history = history or {"epoch": []}
    if "epoch" not in history:
        raise ValueError("history needs an 'epoch' list, as returned by backprop.train.fit")
    done = list(history["epoch"])
    last = epochs if epochs is not None else (done[-1] if done else 1)
    shown = tuple(bool(history.get(prefix + "loss")) for prefix, _, _ in _CURVES)
    shown = shown if any(shown) else (True, True)
    drawn = canvas(canvases, shown, lambda: _dashboard(shown))
    fig, parts = drawn.fig, drawn.parts
    # savefig restores a layout engine of None from the rc settings, that is, constrained
    # layout (matplotlib 3.11): keep the fixed margins
    fixed_layout(fig)
    losses = [np.zeros(0)]
    for prefix, (loss_line, acc_line) in parts["lines"].items():
        loss_x, loss_y = _finite(done, history.get(prefix + "loss", []))
        acc_x, acc_y = _finite(done, np.multiply(history.get(prefix + "accuracy", []), 100))
        loss_line.set_data(loss_x, loss_y)
        acc_line.set_data(acc_x, acc_y)
        for line in (loss_line, acc_line):
            line.set_marker("o" if len(done) < 3 else "None")
        losses.append(loss_y)
    limits = (max(last, 1), _loss_limits(np.concatenate(losses)))
    if limits != parts["limits"]:         # new axes: draw the still parts again
        parts["limits"] = limits
        parts["loss"].set(xlim=(0, limits[0]), ylim=limits[1])
        parts["acc"].set_xlim(0, limits[0])
        drawn.redraw_still()
    if parts["legend"] is not None and parts["legend"].get_visible() != bool(done):
        parts["legend"].set_visible(bool(done))
        drawn.redraw_still()
    message, color = "", "#666666"
    if history.get("diverged"):
        message, color = "diverged:\nlower the learning rate", plots.COLORS["vermillion"]
    elif not done:
        message = "press Train"
    parts["message"].set_text(message)
    parts["message"].set_color(color)
    if title is None and done:
        key = "val_accuracy" if history.get("val_accuracy") else "accuracy"
        title = f"epoch {done[-1]}: {key.replace('_', ' ')} {100 * history[key][-1]:.1f} %"
    parts["title"].set_text(title or "")
    return fig


def _summary(history):
    # short: it shares a row with the button and the progress bar, which counts the epochs
    if history["diverged"]:
        return f"diverged in epoch {history['epoch'][-1]}: lower η"
    return f"done: validation {100 * history['val_accuracy'][-1]:.1f} %"


def training_dashboard(X_train, y_train, X_val, y_val, *, history=None, optimizer="Adam",
                       lr=3e-3, epochs=20, hidden=128, batch_size=64, seed=0):
    """Controls, a Train button, a progress bar and live curves; returns a VBox.

    ``history`` (optional, from an earlier ``train.fit`` with validation) is shown until
    Train is first pressed, so a saved notebook displays a finished run.
    """
    import ipywidgets as w

    from . import dropdown

    choice = dropdown("optimizer", list(OPTIMIZERS), optimizer)
    rate = w.FloatLogSlider(value=lr, base=10, min=-4, max=0, step=0.25,
                            description="learning rate η", readout_format=".1e",
                            continuous_update=False, style={"description_width": "initial"})
    count = w.IntSlider(value=epochs, min=1, max=60, description="epochs",
                        continuous_update=False, style={"description_width": "initial"})
    button = w.Button(description="Train", button_style="primary", icon="play")
    progress = w.IntProgress(value=0, min=0, max=epochs, description="epoch 0",
                             style={"description_width": "initial"})
    status = w.Label()
    out = w.Output()
    canvases = Canvases()  # this dashboard's own figures

    def draw(run, epochs):
        show(out, dashboard_figure(run, epochs, canvases=canvases), title=_ALT,
             canvases=canvases)

    if history is not None:
        progress.max = max(1, history["epoch"][-1])
        progress.value = history["epoch"][-1]
        progress.description = f"epoch {progress.value}"
        status.value = _summary(history)
    draw(history, progress.max)

    def on_epoch(epoch, running):
        progress.value = epoch
        progress.description = f"epoch {epoch}"
        if epoch % max(1, count.value // _REDRAWS) == 0:  # drawing costs more than an epoch
            draw(running, count.value)

    def on_train(_button):
        button.disabled = True
        progress.max, progress.value, progress.description = count.value, 0, "epoch 0"
        status.value = "training…"
        try:
            _, run = run_training(choice.value, rate.value, count.value, X_train, y_train,
                                  X_val, y_val, hidden=hidden, batch_size=batch_size, seed=seed,
                                  callback=on_epoch)
            draw(run, count.value)
            status.value = _summary(run)
        except Exception as error:  # shown to the reader instead of vanishing in a log
            status.value = f"{type(error).__name__}: {error}"
        finally:
            button.disabled = False

    button.on_click(on_train)
    controls = w.HBox([choice, rate, count], layout=w.Layout(flex_flow="row wrap"))
    return w.VBox([controls, w.HBox([button, progress, status]), out])


def _digits_run(log10_lr):
    """Chapter 7's first run (64-128-10, Adam, 20 epochs, seed 0, its split and scaling)
    at the step η = 10^log10_lr: the dashboard's figure and its summary."""
    from .. import data

    X, y = data.digits()
    X_train, y_train, X_val, y_val, _, _ = data.split(X, y, (0.6, 0.2, 0.2), seed=0)
    X_train, X_val = train.standardize(X_train, X_val)
    _, history = run_training("Adam", 10.0 ** log10_lr, 20, X_train, y_train, X_val, y_val)
    return dashboard_figure(history, 20), _summary(history)


def page_view():
    """The dashboard on the web page: η for Adam, each frame a finished 20-epoch run."""
    from .page import Control, PageView, steps

    return PageView(_digits_run, [Control("log10_lr", "log₁₀ η", steps(-4.0, 0.0, 0.5),
                                          start=-2.5)],
                    title="Training dashboard, Adam",
                    notebook_only=("the optimizer", "the epochs", "training live"))
