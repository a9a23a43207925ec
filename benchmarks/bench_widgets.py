"""Widget speed: each explorer's update against one plain plot of the same size.

An explorer's update is what happens when the reader moves a slider: the update function
is called with the new values and the widget's own ``Canvases``, and its figure becomes
the PNG the widget shows (``backprop.widgets.show``). The floor, timed in the same run and
taking turns with the update so that a busy machine slows both alike, is a one-line plot
of the same figure size and dpi shown the same way. Target: every explorer's median
update within 1.5x the floor.

``EXPLORERS`` below gives each explorer's update and a drag: the slider values after each
step of it (a test checks that no explorer of ``backprop.widgets`` is left out).
Run: python benchmarks/bench_widgets.py
"""

import argparse
import functools
import statistics
import time

import numpy as np
from matplotlib.figure import Figure

import backprop.widgets as widgets
from backprop import language

TARGET = 1.5  # an explorer's median update / the floor's median


def _growing_history(epochs=20):
    """A made-up history of ``epochs`` epochs, for the training dashboard's drag."""
    e = np.arange(epochs + 1)
    return {"epoch": e.tolist(), "loss": (2.3 * 0.7 ** e).tolist(),
            "accuracy": (1 - 0.9 * 0.7 ** e).tolist(), "val_loss": (0.1 + 2.2 * 0.7 ** e).tolist(),
            "val_accuracy": (0.97 - 0.87 * 0.7 ** e).tolist(), "diverged": False}


def explorer_moves():
    """{module name: (update, [slider values after each step of a drag, ...])}."""
    from backprop.widgets import (
        brain,
        chain_rule,
        descent,
        loss,
        network,
        neuron,
        next_letter,
        perceptron_lms,
        stepper,
        training,
    )

    root, history = stepper.chapter_neuron(), _growing_history()
    return {
        # a drag across the widths, then across the rules
        "brain": (brain.rule_figure, [dict(rule="fa", width=w, depth=2) for w in brain.WIDTHS]
                  + [dict(rule=r, width=16, depth=2) for r in brain.RULES]),
        # dragging the x slider of the neuron preset
        "chain_rule": (chain_rule.chain_rule_figure,
                       [{"text": "tanh(w * x + b)", "values": {"w": 0.8, "x": x, "b": -0.5},
                         "show_grad": True} for x in np.linspace(-3.0, 3.0, 7)]),
        # the step-size slider
        "descent": (descent.descent_figure,
                    [{"log10_lr": v} for v in np.linspace(-2.6, -1.8, 9)]),
        "loss": (loss.loss_explorer_figure, [{"z": v} for v in np.linspace(-6, 6, 13)]),
        # the W⁽²⁾₁₁ slider
        "network": (network.network_figure,
                    [{"w2_1": float(v)} for v in np.linspace(-3, 3, 13)]),
        "neuron": (neuron.neuron_figure, [{"w1": v} for v in np.linspace(-3, 3, 13)]),
        # typing a name letter by letter, then a drag of the temperature slider (an untrained
        # model: the cost of an update does not depend on the weights)
        "next_letter": (functools.partial(next_letter.next_token_figure,
                                          language.NeuralLM(seed=0)),
                        [{"context": "margaret"[:i]} for i in range(1, 9)]
                        + [{"context": "mar", "temperature": t}
                           for t in np.geomspace(0.2, 3.0, 8)]),
        "perceptron_lms": (perceptron_lms.perceptron_lms_figure,
                           [{"epochs": int(e)}
                            for e in np.linspace(1, perceptron_lms.MAX_EPOCHS, 13)]),
        # clicking through chapter 5's neuron, step by step
        "stepper": (stepper.stepper_figure, [{"root": root, "step": k} for k in range(7)]),
        # the curves redrawn as a 20-epoch run grows, epoch by epoch
        "training": (training.dashboard_figure,
                     [{"history": {k: v[:n + 1] if isinstance(v, list) else v
                                   for k, v in history.items()}, "epochs": 20}
                      for n in range(1, 21, 2)]),
    }


class _Screen:
    """Stands in for the ipywidgets Output: keeps what ``widgets.show`` puts on it."""

    def __init__(self):
        self.outputs = ()
        self.shown = []

    def append_display_data(self, data):
        self.shown.append(data)

    def append_stdout(self, text):
        self.shown.append(text)


def _figures(result):
    parts = result if isinstance(result, tuple) else (result,)
    return [part for part in parts if isinstance(part, Figure)]


def floor_figure(size, dpi):
    """The reference: a one-line plot of the given size (inches) and dpi, no layout engine."""
    fig = Figure(figsize=size, dpi=dpi, layout="none")
    ax = fig.add_subplot()
    x = np.linspace(0, 6, 200)
    ax.plot(x, np.sin(x))
    return fig


def _timed(make_result, canvases=None):
    screen = _Screen()
    start = time.perf_counter()
    widgets.show(screen, make_result(), canvases=canvases)
    return time.perf_counter() - start


def measure(update, moves, rounds):
    """Median seconds of (update, floor) over ``rounds`` drags, update and floor taking turns.

    The update draws on one explorer's own ``Canvases``, as the widget's does.
    """
    canvases = widgets.Canvases()
    first = _figures(update(**moves[0], canvases=canvases))
    if len(first) != 1:
        raise ValueError(f"an explorer's update must show one Figure, got {len(first)}")
    size, dpi = tuple(first[0].get_size_inches()), first[0].dpi
    update_times, floor_times = [], []
    for _ in range(rounds):
        for move in moves:
            update_times.append(_timed(lambda move=move: update(**move, canvases=canvases),
                                       canvases))
            floor_times.append(_timed(lambda: floor_figure(size, dpi)))
    return statistics.median(update_times), statistics.median(floor_times), size, dpi


def main(rounds=3):
    print(f"\nWidget updates (slider value in, PNG out) against one plain plot of the same "
          f"size; target <= {TARGET:.1f}x")
    print(f"{'explorer':<14}{'size (in)':>12}{'update ms':>11}{'floor ms':>10}{'ratio':>8}"
          f"  target")
    worst = 0.0
    for name, (update, moves) in explorer_moves().items():
        t_update, t_floor, size, dpi = measure(update, moves, rounds)
        ratio = t_update / t_floor
        worst = max(worst, ratio)
        verdict = "met" if ratio <= TARGET else "MISSED"
        print(f"{name:<14}{size[0]:>6.1f}x{size[1]:<5.1f}{1e3 * t_update:>11.1f}"
              f"{1e3 * t_floor:>10.1f}{ratio:>7.2f}x  {verdict}")
    print(f"worst explorer: {worst:.2f}x the floor (target {TARGET:.1f}x)")
    return worst


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="drags per explorer")
    main(parser.parse_args().rounds)
