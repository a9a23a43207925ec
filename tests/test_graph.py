"""Drawing computational graphs: deterministic layout, highlighting, limits."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from backprop import Value, graph  # noqa: E402


def expression():
    x, w, b = Value(2.0, label="x"), Value(-3.0, label="w"), Value(1.0, label="b")
    z = w * x + b
    z.label = "z"
    out = z.tanh()
    out.label = "a"
    return out


def test_layout_is_deterministic_and_puts_inputs_left_of_users():
    first, second = graph.layout(expression()), graph.layout(expression())
    assert sorted(first.values()) == sorted(second.values())
    for node, (x, _) in first.items():
        for child in node.children:
            assert first[child][0] < x


def test_draw_shows_data_and_grad_of_every_node_and_highlights_one():
    out = expression()
    steps = list(out.backward_steps())
    fig, ax = plt.subplots()
    graph.draw(out, ax=ax, highlight=steps[1], show_local=True)
    texts = " ".join(t.get_text() for t in ax.texts)
    for node in out.topological_order():
        assert f"data {node.data:.4g}" in texts and f"grad {node.grad:.4g}" in texts
    assert "tanh" in texts and "x" in texts
    edge_colours = {p.get_edgecolor() for p in ax.patches}
    assert matplotlib.colors.to_rgba(graph.HIGHLIGHT) in edge_colours
    plt.close(fig)


def test_draw_rejects_bad_input_clearly():
    with pytest.raises(TypeError, match="needs a Value"):
        graph.draw(3.0)
    with pytest.raises(ValueError, match="highlight"):
        graph.draw(expression(), highlight=Value(1.0))
    big = Value.sum([Value(float(i)) for i in range(graph.MAX_NODES + 1)])
    with pytest.raises(ValueError, match="limited to"):
        graph.draw(big)


def test_figure_size_grows_with_the_graph():
    small = graph.figure_size(Value(1.0) + 1.0)
    large = graph.figure_size(expression())
    assert large[0] > small[0]


def test_refresh_updates_numbers_and_highlight_in_place():
    out = expression()
    fig, ax = plt.subplots()
    drawing = graph.Drawing(out, ax=ax, show_local=True, show_grad=False)
    assert drawing.ax is ax and not hasattr(ax, "_backprop_graph")  # nothing hung on the Axes
    n_artists = len(ax.texts) + len(ax.patches)
    other = expression()
    other.children[0].children[1].data = 5.0          # b = 5 in the new graph
    other = (other.children[0]).tanh()
    other.label = "a"
    steps = list(other.backward_steps())
    assert drawing.refresh(other, highlight=steps[0], show_grad=True) is ax
    texts = " ".join(t.get_text() for t in ax.texts)
    assert f"grad {other.grad:.4g}" in texts and "data 5" in texts
    assert len(ax.texts) + len(ax.patches) == n_artists   # nothing added
    with pytest.raises(ValueError, match="same shape"):
        drawing.refresh(Value(1.0) * 2.0)
    plt.close("all")


def test_importing_graph_selects_no_backend():
    import subprocess
    import sys

    code = ("import sys, backprop.graph, backprop.widgets.chain_rule, backprop.widgets.stepper; "
            "print('matplotlib.pyplot' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"
