"""Learning-rule explorer (chapter 9): choose a rule, the width and the depth; watch it learn.

A tanh network learns three interleaved spirals (``data.spirals``, 300 points, 60/20/20
split) with minibatches of 32 and momentum 0.9. The rules are those of ``backprop.bio``:
backprop, feedback alignment, Kolen–Pollack (learned feedback, decay 10⁻³) and node
perturbation (one scalar per example, no backward pass). The left panel shows the
validation loss (backprop's on the same network in grey), the right one how far the
rule's learning signal is from backprop's:

    FA, KP:  angle between W^(L) and B^(L), the top layer's forward and feedback weights
    np:      angle between the perturbation estimate and the true gradient of the batch
    bp:      0° by definition

Each (rule, width, depth) is trained once by ``bio.learning_curves`` and its read-only
curves are kept (``functools.lru_cache``); a slider move only redraws. ``rule_figure`` is
the pure update; ``rule_explorer`` the widget.
"""

import functools

import numpy as np
from matplotlib.figure import Figure

from .. import bio, data, nn
from . import Canvas, canvas, dropdown, explorer, fixed_layout

__all__ = ["RULES", "WIDTHS", "DEPTHS", "STEPS", "run", "rule_figure", "rule_explorer", "page_view"]

RULES = {"bp": "backprop", "fa": "feedback alignment", "kp": "Kolen–Pollack",
         "np": "node perturbation"}
WIDTHS = (4, 8, 16, 32, 64)
DEPTHS = (1, 2, 3)
STEPS, EVERY = 400, 10
_RATE = {"bp": 0.1, "fa": 0.1, "kp": 0.1, "np": 0.02}
_LOSS_TOP = 1.6                       # the loss axis; ln 3 ≈ 1.1 is a guess among three classes


@functools.cache
def _task():
    X, y = data.spirals(300, classes=3, noise=0.05, seed=0)
    X_tr, y_tr, X_va, y_va, _, _ = data.split(X, y, seed=0)
    for part in (X_tr, y_tr, X_va, y_va):
        part.setflags(write=False)  # the cache hands out read-only data only
    return X_tr, y_tr, X_va, y_va


def _check(rule, width, depth):
    if rule not in RULES:
        raise ValueError(f"rule must be one of {tuple(RULES)}, got {rule!r}")
    if width not in WIDTHS:
        raise ValueError(f"width must be one of {WIDTHS}, got {width!r}")
    if depth not in DEPTHS:
        raise ValueError(f"depth must be one of {DEPTHS}, got {depth!r}")


@functools.lru_cache(maxsize=None)
def _run(rule, width, depth):
    X_tr, y_tr, X_va, y_va = _task()
    model = nn.MLP([2] + [width] * depth + [3], activation="tanh", seed=0)
    result = bio.learning_curves(model, rule, (X_tr, y_tr),
                                 (X_va, y_va), lr=_RATE[rule], steps=STEPS, every=EVERY,
                                 decay=1e-3 if rule == "kp" else 0.0)
    for value in result.values():
        if isinstance(value, np.ndarray):
            value.setflags(write=False)  # the cache hands out read-only data only
    return result


def run(rule="fa", width=16, depth=2):
    """The recorded run for (rule, width, depth): validation loss, accuracy, angle every 10 steps.

    Returns a dict of read-only arrays ("loss", "accuracy", "angle") and "diverged".
    Computed once per setting, then cached. Chapter 9.
    """
    _check(rule, width, depth)
    return _run(rule, width, depth)


def _figure():
    """The explorer's Figure and the artists that every update changes."""
    fig = Figure(figsize=(9.0, 3.8), dpi=100)
    fixed_layout(fig, left=0.08, right=0.98, bottom=0.14, top=0.84, wspace=0.28)
    ax_loss, ax_angle = fig.subplots(1, 2)
    steps = np.arange(0, STEPS + 1, EVERY)
    ax_loss.set(xlim=(0, STEPS), ylim=(0, _LOSS_TOP), xlabel="step",
                ylabel="validation loss")
    ax_loss.axhline(np.log(3), color="0.7", lw=1, ls=":")
    ax_loss.text(STEPS * 0.98, np.log(3) + 0.03, "guessing (ln 3)", ha="right", fontsize=8,
                 color="0.4")
    zeros = np.zeros(len(steps))
    # the moving parts are animated: widgets.show paints them over a saved still picture
    (bp_line,) = ax_loss.plot(steps, zeros, color="0.6", lw=1.5, animated=True,
                              label="backprop, same network")
    (rule_line,) = ax_loss.plot(steps, zeros, color="#D55E00", lw=2, animated=True,
                                label="chosen rule")
    ax_loss.legend(loc="lower left", fontsize=8, frameon=False)
    ax_angle.set(xlim=(0, STEPS), ylim=(0, 100), yticks=range(0, 91, 15), xlabel="step",
                 ylabel="angle (degrees)")
    ax_angle.axhline(90, color="0.7", lw=1, ls=":")
    (angle_line,) = ax_angle.plot(steps, zeros, color="#CC79A7", lw=2, animated=True)
    angle_title = ax_angle.set_title(" ", fontsize=9, animated=True)
    title = fig.suptitle(" ", fontsize=10, animated=True)
    return Canvas(fig, bp=bp_line, rule=rule_line, angle=angle_line, angle_title=angle_title,
                  title=title)


def _curve(values):
    steps = EVERY * np.arange(len(values))
    shown = np.where(np.isfinite(values), np.minimum(values, _LOSS_TOP), _LOSS_TOP)
    return steps, shown


def rule_figure(rule="fa", width=16, depth=2, *, canvases=None):
    """The explorer's picture for these choices; returns (Figure, numbers).

    numbers: final validation loss and accuracy of the rule and of backprop, the final
    angle (degrees; NaN if the run diverged) and whether the run diverged.
    """
    result, reference = run(rule, width, depth), run("bp", width, depth)
    parts = canvas(canvases, "rules", _figure)
    parts.rule.set_data(*_curve(result["loss"]))
    parts.bp.set_data(*_curve(reference["loss"]))
    parts.bp.set_visible(rule != "bp")
    parts.angle.set_data(EVERY * np.arange(len(result["angle"])), result["angle"])
    what = {"bp": "backprop uses its own signal: 0°",
            "fa": "top layer: W vs fixed feedback B",
            "kp": "top layer: W vs learned feedback B",
            "np": "perturbation estimate vs true gradient"}[rule]
    parts.angle_title.set_text(what)
    final_loss = float(result["loss"][-1]) if len(result["loss"]) else float("nan")
    final_acc = float(result["accuracy"][-1]) if len(result["accuracy"]) else float("nan")
    ending = ("diverged: the step is too large for this many noisy units" if result["diverged"]
              else f"validation accuracy {final_acc:.0%} (backprop "
                   f"{reference['accuracy'][-1]:.0%})")
    parts.title.set_text(f"{RULES[rule]}, {depth} hidden layer{'s' * (depth > 1)} of "
                            f"{width} tanh units: {ending}")
    numbers = {"loss": final_loss, "accuracy": final_acc,
               "bp_loss": float(reference["loss"][-1]),
               "bp_accuracy": float(reference["accuracy"][-1]),
               "angle": float(result["angle"][-1]) if not result["diverged"] else float("nan"),
               "diverged": result["diverged"]}
    return parts.fig, numbers


def rule_explorer(rule="fa", width=16, depth=2):
    """Widget: a rule, the width and the depth of the spirals network. Chapter 9."""
    controls = {
        "rule": dropdown("rule", [(name, key) for key, name in RULES.items()], value=rule),
        "width": dropdown("hidden units per layer", WIDTHS, value=width),
        "depth": dropdown("hidden layers", DEPTHS, value=depth),
    }
    return explorer(rule_figure, controls, title="Learning rules on the spirals")


def page_view():
    """The rule explorer on the web page: the rule and the width, with 2 hidden layers."""
    from .page import Control, PageView

    def numbers(result):
        n = result[1]
        if n["diverged"]:
            return "diverged"
        return (f"validation accuracy {n['accuracy']:.0%} (backprop {n['bp_accuracy']:.0%}), "
                f"loss {n['loss']:.2f}; angle to backprop's update {n['angle']:.0f}°")

    return PageView(rule_figure, [Control("rule", "rule", tuple(RULES), start="fa",
                                          shown=tuple(RULES.values())),
                                  Control("width", "hidden units per layer", WIDTHS, start=16)],
                    fixed={"depth": 2}, title="Learning rules on the spirals", numbers=numbers,
                    notebook_only=("the depth",))
