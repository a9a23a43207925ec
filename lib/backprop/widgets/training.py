"""Training dashboard (chapter 7): loss and accuracy curves that grow while a network trains.

Pure parts, testable without a browser: :func:`make_optimizer`, :func:`run_training` (one
training run on given data, reporting each epoch to a callback) and
:func:`dashboard_figure` (the two panels drawn from a history). The wrapper
:func:`training_dashboard` adds the controls, a Train button, a progress bar and an
output area that is redrawn after every epoch. Nothing trains until Train is pressed.
"""

import numpy as np

from .. import nn, optim, plots, train
from . import show

__all__ = ["OPTIMIZERS", "make_optimizer", "run_training", "dashboard_figure",
           "training_dashboard"]

#: The optimizers the dashboard offers, by name.
OPTIMIZERS = {"SGD": optim.SGD, "Momentum": optim.Momentum, "Adam": optim.Adam,
              "AdamW": optim.AdamW}


_REDRAWS = 8  # redraw the curves about this many times per run


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


def dashboard_figure(history=None, epochs=None, *, title=None):
    """Loss (left) and accuracy (right) per epoch, training and validation, from a history.

    ``history`` is what ``train.fit`` returns (None or no epochs: empty panels); ``epochs``
    fixes the x-axis to 0 … epochs so that the curves grow across a still frame.
    """
    history = history or {"epoch": []}
    if "epoch" not in history:
        raise ValueError("history needs an 'epoch' list, as returned by backprop.train.fit")
    done = list(history["epoch"])
    last = epochs if epochs is not None else (done[-1] if done else 1)
    fig, (ax_loss, ax_acc) = plots.figure(1, 2, width=8.0, height=3.4)
    for prefix, name, color in (("", "training", plots.COLORS["blue"]),
                                ("val_", "validation", plots.COLORS["orange"])):
        if history.get(prefix + "loss"):
            ax_loss.plot(*_finite(done, history[prefix + "loss"]), color=color, label=name,
                         marker="o" if len(done) < 3 else None)
            ax_acc.plot(*_finite(done, np.multiply(history[prefix + "accuracy"], 100)),
                        color=color, label=name, marker="o" if len(done) < 3 else None)
    ax_loss.set(xlabel="epoch", ylabel="cross-entropy loss (log scale)", title="loss",
                xlim=(0, max(last, 1)), yscale="log")
    ax_acc.set(xlabel="epoch", ylabel="accuracy (%)", title="accuracy",
               xlim=(0, max(last, 1)), ylim=(0, 100))
    if done:
        ax_acc.legend(loc="lower right")
    if history.get("diverged"):
        ax_loss.text(0.5, 0.5, "diverged:\nlower the learning rate", transform=ax_loss.transAxes,
                     ha="center", va="center", color=plots.COLORS["vermillion"])
    elif not done:
        ax_loss.text(0.5, 0.5, "press Train", transform=ax_loss.transAxes, ha="center",
                     va="center", color="#666666")
    if title is None and done:
        key = "val_accuracy" if history.get("val_accuracy") else "accuracy"
        title = f"epoch {done[-1]}: {key.replace('_', ' ')} {100 * history[key][-1]:.1f} %"
    if title:
        fig.suptitle(title)
    return fig


def _summary(history, epochs):
    if history["diverged"]:
        return f"diverged in epoch {history['epoch'][-1]}: lower the learning rate"
    return (f"done: {history['epoch'][-1]} of {epochs} epochs, validation accuracy "
            f"{100 * history['val_accuracy'][-1]:.1f} %")


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
    if history is not None:
        progress.max = max(1, history["epoch"][-1])
        progress.value = history["epoch"][-1]
        progress.description = f"epoch {progress.value}"
        status.value = _summary(history, history["epoch"][-1])
    show(out, dashboard_figure(history, progress.max))

    def on_epoch(epoch, running):
        progress.value = epoch
        progress.description = f"epoch {epoch}"
        if epoch % max(1, count.value // _REDRAWS) == 0:  # drawing costs more than an epoch
            show(out, dashboard_figure(running, count.value))

    def on_train(_button):
        button.disabled = True
        progress.max, progress.value, progress.description = count.value, 0, "epoch 0"
        status.value = "training…"
        try:
            _, run = run_training(choice.value, rate.value, count.value, X_train, y_train,
                                  X_val, y_val, hidden=hidden, batch_size=batch_size, seed=seed,
                                  callback=on_epoch)
            show(out, dashboard_figure(run, count.value))
            status.value = _summary(run, count.value)
        except Exception as error:  # shown to the reader instead of vanishing in a log
            status.value = f"{type(error).__name__}: {error}"
        finally:
            button.disabled = False

    button.on_click(on_train)
    controls = w.HBox([choice, rate, count], layout=w.Layout(flex_flow="row wrap"))
    return w.VBox([controls, w.HBox([button, progress, status]), out])
