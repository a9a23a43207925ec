"""Learning-rule explorer (chapter 9): extremes draw without warnings, runs are cached, wrapper."""

import io
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from backprop.widgets import brain  # noqa: E402

EXTREMES = [(rule, width, depth) for rule in brain.RULES
            for width in (min(brain.WIDTHS), max(brain.WIDTHS))
            for depth in (min(brain.DEPTHS), max(brain.DEPTHS))]


@pytest.mark.parametrize("rule, width, depth", EXTREMES)
def test_extreme_settings_draw_without_warnings(rule, width, depth):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, numbers = brain.rule_figure(rule, width, depth)
        fig.savefig(io.BytesIO(), format="png")
    assert isinstance(fig, Figure) and plt.get_fignums() == []
    assert set(numbers) == {"loss", "accuracy", "bp_loss", "bp_accuracy", "angle", "diverged"}
    assert 0 <= numbers["accuracy"] <= 1
    if rule == "bp":
        assert numbers["angle"] == 0 and numbers["loss"] == numbers["bp_loss"]
    elif not numbers["diverged"]:
        assert 0 <= numbers["angle"] <= 180


def test_runs_are_cached_read_only_and_deterministic():
    first = brain.run("kp", 8, 1)
    assert brain.run("kp", 8, 1) is first
    assert len(first["loss"]) == brain.STEPS // brain.EVERY + 1
    with pytest.raises(ValueError):
        first["loss"][0] = 0.0
    again = brain._run.__wrapped__("kp", 8, 1)
    assert np.array_equal(again["loss"], first["loss"])


def test_rules_behave_as_the_chapter_says():
    bp, fa, kp = (brain.run(rule, 16, 2) for rule in ("bp", "fa", "kp"))
    assert bp["loss"][-1] < 0.5 * np.log(3)                       # backprop learns the spirals
    assert kp["angle"][-1] < fa["angle"][-1]                      # learned feedback aligns more
    assert kp["angle"][0] > 60 and kp["angle"][-1] < 40
    narrow, wide = brain.run("np", 4, 1), brain.run("np", 64, 1)
    assert np.median(narrow["angle"]) < np.median(wide["angle"])  # more units, noisier estimate


def test_the_figure_is_reused_and_updated():
    from backprop.widgets import Canvases

    canvases = Canvases()
    fig_a, a = brain.rule_figure("fa", 16, 2, canvases=canvases)
    fig_b, b = brain.rule_figure("np", 4, 1, canvases=canvases)
    assert fig_a is fig_b and a != b
    assert brain.rule_figure("np", 4, 1)[0] is not fig_b   # without canvases: its own figure
    assert "node perturbation" in fig_b.get_suptitle()


@pytest.mark.parametrize("bad", [dict(rule="hebb"), dict(width=5), dict(depth=0),
                                 dict(width=8.5), dict(depth=None)])
def test_bad_choices_raise_clear_errors(bad):
    with pytest.raises(ValueError, match=next(iter(bad))):
        brain.rule_figure(**bad)


def test_explorer_wrapper():
    box = brain.rule_explorer()
    rule, width, depth = box.children[1].children
    assert rule.value == "fa" and width.value == 16 and depth.value == 2
    out = box.children[-1]
    width.value = 4
    assert len(out.outputs) == 1 and "image/png" in out.outputs[0]["data"]["text/html"]
