"""The training dashboard (chapter 7): pure parts, extreme settings, and the Train button."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from backprop import data, optim, train
from backprop.widgets import training


@pytest.fixture(scope="module")
def digits_small():
    X, y = data.digits()
    X_train, y_train, X_val, y_val, _, _ = data.split(X, y, (0.3, 0.1, 0.6), seed=0)
    X_train, X_val = train.standardize(X_train, X_val)
    return X_train, y_train, X_val, y_val


def test_make_optimizer_names():
    params = [np.zeros(3)]
    for name, cls in [("SGD", optim.SGD), ("Momentum", optim.Momentum), ("Adam", optim.Adam),
                      ("AdamW", optim.AdamW)]:
        opt = training.make_optimizer(name, params, 0.1)
        assert type(opt) is cls and opt.lr == 0.1
    with pytest.raises(ValueError, match="Adagrad.*SGD"):
        training.make_optimizer("Adagrad", params, 0.1)


def test_run_training_reports_every_epoch(digits_small):
    seen = []
    model, history = training.run_training("Adam", 3e-3, 4, *digits_small, hidden=16,
                                           callback=lambda e, h: seen.append(e))
    assert seen == [1, 2, 3, 4] and history["epoch"] == [0, 1, 2, 3, 4]
    assert model.sizes == [64, 16, 10]
    assert history["val_accuracy"][-1] > history["val_accuracy"][0]


@pytest.mark.parametrize("name", list(training.OPTIMIZERS))
@pytest.mark.parametrize("lr", [1e-4, 1.0])
def test_extreme_learning_rates_neither_crash_nor_warn(digits_small, name, lr):
    _, history = training.run_training(name, lr, 2, *digits_small, hidden=8)
    fig = training.dashboard_figure(history, 60)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    fig.savefig(__import__("io").BytesIO(), format="png")  # drawing raises no warning either


def test_dashboard_figure_curves_and_empty_states():
    history = {"epoch": [0, 1, 2], "loss": [2.3, 0.5, 0.2], "accuracy": [0.1, 0.8, 0.9],
               "val_loss": [2.3, 0.6, 0.4], "val_accuracy": [0.1, 0.7, 0.85],
               "diverged": False}
    fig = training.dashboard_figure(history, epochs=10)
    loss_ax, acc_ax = fig.axes
    assert len(loss_ax.lines) == 2 and len(acc_ax.lines) == 2
    assert np.allclose(acc_ax.lines[1].get_ydata(), [10, 70, 85])
    assert loss_ax.get_xlim() == (0, 10) and "85.0 %" in fig.axes[0].texts[1].get_text()
    for empty in (None, {"epoch": []}):
        fig = training.dashboard_figure(empty, epochs=5)
        assert all(len(line.get_xdata()) == 0 for line in fig.axes[0].lines)
        assert "press Train" in fig.axes[0].texts[0].get_text()
    with pytest.raises(ValueError, match="epoch"):
        training.dashboard_figure({"loss": [1.0]})


def test_dashboard_figure_skips_non_finite_losses():
    history = {"epoch": [0, 1, 2], "loss": [2.3, np.inf, np.nan], "accuracy": [0.1, 0.1, 0.1],
               "diverged": True}
    fig = training.dashboard_figure(history, epochs=3)
    assert len(fig.axes[0].lines[0].get_xdata()) == 1
    assert "diverged" in fig.axes[0].texts[0].get_text()


def _parts(box):
    controls, row, out = box.children
    choice, rate, count = controls.children
    button, progress, status = row.children
    return choice, rate, count, button, progress, status, out


def test_dashboard_shows_a_given_history_and_trains_only_on_click(digits_small):
    _, history = training.run_training("Adam", 3e-3, 3, *digits_small, hidden=8)
    box = training.training_dashboard(*digits_small, history=history, hidden=8)
    choice, rate, count, button, progress, status, out = _parts(box)
    assert progress.value == progress.max == 3 and "validation" in status.value
    assert len(out.outputs) == 1 and "data:image/png" in out.outputs[0]["data"]["text/html"]
    first = out.outputs
    choice.value, rate.value, count.value = "Momentum", 0.01, 2
    assert out.outputs == first  # changing a control does not train
    button.click()
    assert progress.value == progress.max == 2 and not button.disabled
    assert status.value.startswith("done: validation") and status.value.endswith(" %")
    assert len(out.outputs) == 1 and out.outputs != first


def test_dashboard_without_history_and_with_a_huge_rate(digits_small):
    box = training.training_dashboard(*digits_small, epochs=1, hidden=8)
    choice, rate, count, button, progress, status, out = _parts(box)
    assert progress.value == 0 and status.value == "" and len(out.outputs) == 1
    rate.value = rate.max
    button.click()
    assert status.value.startswith(("done", "diverged")) and not button.disabled


def _growing_moves(epochs=20):
    """A 20-epoch run's history as it grows, every other epoch."""
    e = np.arange(epochs + 1)
    history = {"epoch": e.tolist(), "loss": (2.3 * 0.7 ** e).tolist(),
               "accuracy": (1 - 0.9 * 0.7 ** e).tolist(),
               "val_loss": (0.1 + 2.2 * 0.7 ** e).tolist(),
               "val_accuracy": (0.97 - 0.87 * 0.7 ** e).tolist(), "diverged": False}
    return [{"history": {k: v[:n + 1] if isinstance(v, list) else v for k, v in history.items()},
             "epochs": epochs} for n in range(1, epochs + 1, 2)]


def test_the_figure_is_built_once_and_redrawn_in_place():
    import io

    from backprop.widgets import Canvases

    canvases, moves = Canvases(), _growing_moves()
    fig = training.dashboard_figure(**moves[0], canvases=canvases)
    fig.savefig(io.BytesIO(), format="png")
    again = training.dashboard_figure(**moves[-1], canvases=canvases)
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    assert again is fig and not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    assert np.allclose(fig.axes[0].get_position().x0, 0.1)     # still the fixed margins
    loss_ax, acc_ax = fig.axes
    assert len(loss_ax.lines) == 2 and len(loss_ax.lines[0].get_xdata()) == 20
    assert loss_ax.get_ylim() == (0.001, 10.0) and acc_ax.get_xlim() == (0, 20)
    # a history with training curves only gets its own figure (legend with one entry)
    alone = {"epoch": [0, 1], "loss": [2.0, 1.0], "accuracy": [0.1, 0.5], "diverged": False}
    other = training.dashboard_figure(alone, 5, canvases=canvases)
    assert other is not fig and len(other.axes[0].lines) == 1


def test_shown_pictures_match_a_full_draw():
    # the blitted picture (still parts saved once, curves drawn over them) must equal a
    # complete draw of the same figure
    import io

    from backprop import widgets

    canvases, moves = widgets.Canvases(), _growing_moves()
    for move in (moves[0], moves[3], moves[3], moves[-1]):
        fig = training.dashboard_figure(**move, canvases=canvases)
        blitted = widgets._blit(canvases.find(fig)).astype(int)
        raw = io.BytesIO()
        fig.savefig(raw, format="rgba", dpi=fig.dpi)          # a full draw, curves included
        full = np.frombuffer(raw.getvalue(), np.uint8).reshape(blitted.shape).astype(int)
        assert np.mean(np.abs(blitted - full).max(axis=2) > 8) < 0.002


@pytest.mark.parametrize("values", [[1e-12, 1e-11], [1e300, 1e308], [np.inf, np.nan],
                                    [0.0, 0.0]])
def test_extreme_losses_draw_without_warnings(values):
    import io
    import warnings

    history = {"epoch": [0, 1], "loss": values, "accuracy": [0.0, 1.0], "diverged": False}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = training.dashboard_figure(history, 60)
        fig.savefig(io.BytesIO(), format="png")
