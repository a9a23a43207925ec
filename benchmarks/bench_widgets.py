"""Widget speed: each explorer's update against one plain plot of the same size.

An explorer's update is what happens when the reader moves a slider: the update function
is called with the new values and its figure becomes the PNG the widget shows
(``backprop.widgets.show``). The floor, timed in the same run and taking turns with the
update so that a busy machine slows both alike, is a one-line plot of the same figure
size and dpi shown the same way. Target: every explorer's median update within 1.5x
the floor.

Explorers are found, not listed: every module in ``backprop.widgets`` that defines
``BENCHMARK = {"update": fn, "moves": [kwargs, ...]}`` is timed, each move being the
slider values after one step of a drag. Run: python benchmarks/bench_widgets.py
"""

import argparse
import importlib
import pkgutil
import statistics
import time

import numpy as np
from matplotlib.figure import Figure

import backprop.widgets as widgets

TARGET = 1.5  # an explorer's median update / the floor's median


class _Screen:
    """Stands in for the ipywidgets Output: keeps what ``widgets.show`` puts on it."""

    def __init__(self):
        self.outputs = ()
        self.shown = []

    def append_display_data(self, data):
        self.shown.append(data)

    def append_stdout(self, text):
        self.shown.append(text)


def explorers():
    """(name, BENCHMARK) for every explorer module that declares one, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(widgets.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"backprop.widgets.{info.name}")
        if hasattr(module, "BENCHMARK"):
            found.append((info.name, module.BENCHMARK))
    return found


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


def _timed(make_result):
    screen = _Screen()
    start = time.perf_counter()
    widgets.show(screen, make_result())
    return time.perf_counter() - start


def measure(benchmark, rounds):
    """Median seconds of (update, floor) over ``rounds`` drags, update and floor taking turns."""
    update, moves = benchmark["update"], benchmark["moves"]
    first = _figures(update(**moves[0]))
    if len(first) != 1:
        raise ValueError(f"an explorer's update must show one Figure, got {len(first)}")
    size, dpi = tuple(first[0].get_size_inches()), first[0].dpi
    update_times, floor_times = [], []
    for _ in range(rounds):
        for move in moves:
            update_times.append(_timed(lambda move=move: update(**move)))
            floor_times.append(_timed(lambda: floor_figure(size, dpi)))
    return statistics.median(update_times), statistics.median(floor_times), size, dpi


def main(rounds=3):
    print(f"\nWidget updates (slider value in, PNG out) against one plain plot of the same "
          f"size; target <= {TARGET:.1f}x")
    print(f"{'explorer':<14}{'size (in)':>12}{'update ms':>11}{'floor ms':>10}{'ratio':>8}"
          f"  target")
    worst = 0.0
    for name, benchmark in explorers():
        t_update, t_floor, size, dpi = measure(benchmark, rounds)
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
