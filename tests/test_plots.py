"""House style and shared plots: each returns its Axes with the expected artists, no warnings."""

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from backprop import data, plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def ax():
    return plots.figure()[1]


def _draw(ax):
    """Render the figure, so layout and drawing run (and would raise any warning)."""
    ax.figure.savefig(io.BytesIO(), format="png")


# ---- style ---------------------------------------------------------------------------------

def test_palette_is_okabe_ito():
    okabe_ito = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
                 "#CC79A7"}
    assert set(plots.PALETTE) == okabe_ito and len(plots.PALETTE) == 8
    assert plots.class_colors(3) == list(plots.PALETTE[:3])
    assert len(set(plots.class_colors(10))) == 10


def test_style_is_idempotent_and_sets_the_house_look():
    plots.style()
    first = dict(mpl.rcParams)
    plots.style()
    assert dict(mpl.rcParams) == first
    assert not mpl.rcParams["axes.spines.top"] and not mpl.rcParams["axes.spines.right"]
    assert mpl.rcParams["axes.grid"] and mpl.rcParams["figure.dpi"] == 100
    assert mpl.rcParams["figure.figsize"][0] <= 7.0
    assert mpl.rcParams["font.size"] >= 10
    colors = [c["color"] for c in mpl.rcParams["axes.prop_cycle"]]
    assert [mpl.colors.to_hex(c).upper() for c in colors] == list(plots.PALETTE)


def test_cmaps_exist():
    for name in plots.CMAP.values():
        assert name in mpl.colormaps


def test_figure_is_not_managed_by_pyplot():
    before = plt.get_fignums()
    fig, axes = plots.figure(1, 2, width=6.0, height=3.0)
    assert isinstance(fig, Figure) and len(axes) == 2
    assert tuple(fig.get_size_inches()) == (6.0, 3.0)
    assert plt.get_fignums() == before


def test_ax_none_makes_a_new_pyplot_axes():
    ax = plots.loss_curve(None, [3.0, 2.0, 1.0])
    assert ax.figure.number in plt.get_fignums()


def test_mesh_and_limits():
    XX, YY, points = plots.mesh((0, 1), (-1, 1), resolution=5)
    assert XX.shape == YY.shape == (5, 5) and points.shape == (25, 2)
    assert np.array_equal(points[:, 0], XX.ravel()) and np.array_equal(points[:, 1], YY.ravel())
    assert plots.limits(np.array([[0.0, 1.0], [2.0, 3.0]]), padding=1) == ((-1, 3), (0, 4))
    with pytest.raises(ValueError, match="low < high"):
        plots.mesh((1, 0), (0, 1))


# ---- curves --------------------------------------------------------------------------------

def test_loss_curve(ax):
    losses = np.exp(-np.arange(50) / 10)
    assert plots.loss_curve(ax, losses, "train") is ax
    (line,) = ax.get_lines()
    assert np.array_equal(line.get_ydata(), losses) and line.get_label() == "train"
    assert ax.get_legend() is not None
    plots.loss_curve(ax, losses, "smooth", smooth=5, log=True)
    assert len(ax.get_lines()) == 3 and ax.get_yscale() == "log"
    assert len(ax.get_lines()[-1].get_ydata()) == 46
    _draw(ax)


def test_loss_curve_rejects_bad_input(ax):
    with pytest.raises(ValueError, match="empty"):
        plots.loss_curve(ax, [])
    with pytest.raises(ValueError, match="positive"):
        plots.loss_curve(ax, [1.0, 0.0], log=True)
    with pytest.raises(ValueError, match="smooth"):
        plots.loss_curve(ax, [1.0, 0.5], smooth=3)


def test_regression_fit(ax):
    X, y = data.line(n=20, seed=0)
    assert plots.regression_fit(ax, X, y, lambda x: 2 * x - 1) is ax
    assert len(ax.collections) == 1 and len(ax.get_lines()) == 1
    assert np.allclose(ax.get_lines()[0].get_ydata(), 2 * ax.get_lines()[0].get_xdata() - 1)
    with pytest.raises(ValueError, match="returned shape"):
        plots.regression_fit(ax, X, y, lambda x: np.zeros(3))
    _draw(ax)


# ---- classification in the plane ----------------------------------------------------------

def test_scatter_classes_one_collection_per_class_in_its_colour(ax):
    X, y = data.spirals(n=60, classes=3, seed=0)
    assert plots.scatter_classes(ax, X, y) is ax
    assert len(ax.collections) == 3
    for c, collection in enumerate(ax.collections):
        assert mpl.colors.to_hex(collection.get_facecolor()[0]).upper() == plots.PALETTE[c]
        assert len(collection.get_offsets()) == 20
    with pytest.raises(ValueError, match=r"shape \(N, 2\)"):
        plots.scatter_classes(ax, np.zeros((5, 3)), np.zeros(5, dtype=int))
    with pytest.raises(TypeError, match="class labels 0, 1, 2, …, got dtype float64"):
        plots.scatter_classes(ax, X, X[:, 0])
    with pytest.raises(ValueError, match="class labels 0, 1, 2, …, found -1"):
        plots.scatter_classes(ax, X, y - 1)


@pytest.mark.parametrize("predict, has_line", [
    (lambda P: 1 / (1 + np.exp(-P[:, 0])), True),            # probability (M,)
    (lambda P: (P[:, :1] > 0).astype(float), True),          # probability (M, 1), hard
    (lambda P: P[:, 0] - 0.1, True),                         # score, boundary at 0
    (lambda P: (P[:, 1] > 0).astype(int), False),            # labels
    (lambda P: np.column_stack([P[:, 0], -P[:, 0]]), False),  # class scores (M, K)
    (lambda P: np.full(len(P), 0.9), False),                 # constant: no line, no warning
])
def test_decision_boundary_kinds_of_prediction(ax, predict, has_line):
    X, y = data.moons(n=40, seed=0)
    assert plots.decision_boundary(ax, predict, X, y, resolution=50) is ax
    lines = [c for c in ax.collections if isinstance(c, mpl.contour.ContourSet)
             and not c.filled]
    assert len(lines) == int(has_line)
    assert any(isinstance(c, mpl.contour.ContourSet) and c.filled for c in ax.collections)
    assert sum(isinstance(c, mpl.collections.PathCollection) for c in ax.collections) == 2
    _draw(ax)


def test_decision_boundary_rejects_bad_predictions(ax):
    X, y = data.moons(n=20, seed=0)
    with pytest.raises(ValueError, match="returned shape"):
        plots.decision_boundary(ax, lambda P: np.zeros(3), X, y)
    with pytest.raises(ValueError, match="NaN"):
        plots.decision_boundary(ax, lambda P: np.full(len(P), np.nan), X, y)


# ---- landscapes ----------------------------------------------------------------------------

def test_landscape_with_path(ax):
    def f(a, b):
        return (a - 1) ** 2 + 3 * b**2 + 0.1

    path = [(-2.0, 1.0), (-1.0, 0.5), (0.5, 0.1), (1.0, 0.0)]
    assert plots.landscape(ax, f, (-3, 3), (-2, 2), levels=12, path=path, log=True,
                           colorbar=True) is ax
    contours = [c for c in ax.collections if isinstance(c, mpl.contour.ContourSet)]
    assert len(contours) == 2 and contours[0].filled
    assert np.all(np.diff(contours[0].levels) > 0)
    lines = ax.get_lines()
    assert len(lines) == 3
    assert np.allclose(np.column_stack(lines[0].get_data()), path)
    assert lines[2].get_marker() == "*" and tuple(lines[2].get_xydata()[0]) == (1.0, 0.0)
    assert ax.get_xlim() == (-3, 3)
    _draw(ax)


def test_landscape_falls_back_to_point_by_point_and_handles_a_flat_surface(ax):
    def scalar_only(a, b):
        return float(max(a, b))  # fails on arrays

    plots.landscape(ax, scalar_only, (0, 1), (0, 1), resolution=10)
    plots.landscape(plots.figure()[1], lambda a, b: 0 * a + 2.0, (0, 1), (0, 1), resolution=10)
    with pytest.raises(ValueError, match="f > 0"):
        plots.landscape(ax, lambda a, b: a, (-1, 1), (-1, 1), log=True, resolution=10)
    _draw(ax)


def test_descent_path_rejects_bad_shapes(ax):
    with pytest.raises(ValueError, match=r"\(T, 2\)"):
        plots.descent_path(ax, [1.0, 2.0, 3.0])


# ---- images --------------------------------------------------------------------------------

def test_image_grid_tiles_images_and_captions_them(ax):
    X, y = data.digits()
    pred = y[:12].copy()
    pred[5] = (pred[5] + 1) % 10
    assert plots.image_grid(ax, X[:12], ncols=5, labels=y[:12], predictions=pred) is ax
    (image,) = ax.get_images()
    mosaic = image.get_array()
    assert mosaic.shape[1] == 5 * 8 + 4  # five tiles with 1-pixel gaps
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == 12 and texts[0] == str(y[0])
    assert texts[5] == f"{pred[5]} (true {y[5]})"
    assert not ax.axison
    _draw(ax)


def test_image_grid_shapes(ax):
    plots.image_grid(ax, np.zeros((3, 2, 5)))
    assert ax.get_images()[0].get_array().shape == (2, 17)
    with pytest.raises(ValueError, match="pass shape"):
        plots.image_grid(ax, np.zeros((3, 10)))
    with pytest.raises(ValueError, match="labels has 2 entries for 3 images"):
        plots.image_grid(ax, np.zeros((3, 4)), labels=[1, 2])
    assert plots.image_grid(None, np.zeros((3, 6)), shape=(2, 3)) is not None


def test_confusion_counts_and_matrix(ax):
    y_true = np.array([0, 0, 1, 1, 2, 2, 2])
    y_pred = np.array([0, 1, 1, 1, 2, 0, 2])
    expected = np.array([[1, 1, 0], [0, 2, 0], [1, 0, 2]])
    assert np.array_equal(plots.confusion_counts(y_true, y_pred), expected)
    assert plots.confusion_counts(y_true, y_pred, k=4).shape == (4, 4)
    assert plots.confusion_matrix(ax, y_true, y_pred) is ax
    assert np.array_equal(ax.get_images()[0].get_array(), expected)
    assert [t.get_text() for t in ax.texts][:3] == ["1", "1", "0"]
    other = plots.confusion_matrix(plots.figure()[1], y_true, y_pred, normalize=True)
    assert np.allclose(other.get_images()[0].get_array().sum(axis=1), 1)
    with pytest.raises(ValueError, match="same shape"):
        plots.confusion_counts(y_true, y_pred[:3])
    with pytest.raises(ValueError, match="below k=2"):
        plots.confusion_counts(y_true, y_pred, k=2)
    _draw(ax)


def test_animation_html_plays_without_a_kernel_and_has_alt_text():
    from matplotlib.animation import FuncAnimation

    fig = plots.figure(width=2, height=1)[0]
    ax = fig.axes[0] if fig.axes else fig.add_subplot()
    (line,) = ax.plot([0, 1], [0, 0])
    movie = FuncAnimation(fig, lambda t: line.set_ydata([t, t]) or [line], frames=2)
    html = plots.animation_html(movie, 'a "line" rising')
    assert '<img alt="a &quot;line&quot; rising" id=' in html and "<script" in html
    with pytest.raises(ValueError, match="alt text"):
        plots.animation_html(movie, " ")
