"""nnkit.plot: figures hold what they should, headless, without pyplot's global state."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # before pyplot: these tests must pass on a machine without display

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from nnkit import plot  # noqa: E402


@pytest.fixture(autouse=True)
def no_pyplot(monkeypatch: pytest.MonkeyPatch):
    """Fail on plt.show, and check no figure was left in pyplot's list."""

    def show(*args, **kwargs):
        raise AssertionError("nnkit.plot must never call plt.show")

    monkeypatch.setattr(plt, "show", show)
    plt.close("all")
    yield
    assert plt.get_fignums() == [], "a figure was registered with pyplot"


def png_bytes(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def xy() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    return X, np.where(X[:, 0] + X[:, 1] > 0, 1, -1)


def test_decision_boundary_draws_regions_points_and_legend() -> None:
    X, y = xy()
    seen = []

    def predict(points: np.ndarray) -> np.ndarray:
        seen.append(points.shape)
        return np.where(points[:, 0] + points[:, 1] > 0, 1.0, -1.0)  # float labels

    fig = plot.decision_boundary(predict, X, y, title="a line")
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    ax = fig.axes[0]
    assert seen == [(200 * 200, 2)]
    assert ax.get_title() == "a line"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["-1", "1"]
    # The scattered points are coloured by class index: -1 -> 0, +1 -> 1.
    np.testing.assert_array_equal(ax.collections[-1].get_array(), (y == 1).astype(int))
    np.testing.assert_allclose(ax.collections[-1].get_offsets(), X)
    # The plotted area covers the data.
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < X[:, 0].min() and x1 > X[:, 0].max() and y0 < X[:, 1].min()
    assert y1 > X[:, 1].max()
    assert png_bytes(fig).startswith(b"\x89PNG")


def test_decision_boundary_into_given_axes_and_many_classes() -> None:
    fig = Figure()
    axes = fig.subplots(1, 2)
    rng = np.random.default_rng(1)
    X = rng.normal(size=(30, 2))
    y = rng.integers(0, 3, size=30)
    out = plot.decision_boundary(
        lambda p: (p[:, 0] > 0).astype(int) + (p[:, 1] > 0), X, y, ax=axes[1], resolution=20
    )
    assert out is fig
    assert [t.get_text() for t in axes[1].get_legend().get_texts()] == ["0", "1", "2"]
    assert not axes[0].collections


def test_decision_boundary_refuses_bad_inputs() -> None:
    X, y = xy()
    with pytest.raises(ValueError, match="class labels, not scores"):
        plot.decision_boundary(lambda p: p[:, 0], X, y)
    with pytest.raises(ValueError, match="one label per row"):
        plot.decision_boundary(lambda p: np.zeros(3), X, y)
    with pytest.raises(ValueError, match=r"X must be \(N, 2\)"):
        plot.decision_boundary(lambda p: np.zeros(len(p)), np.zeros((5, 3)), np.zeros(5))


def test_training_curves_loss_only() -> None:
    fig = plot.training_curves({"loss": [3.0, 2.0, 1.5]})
    assert len(fig.axes) == 1
    (line,) = fig.axes[0].get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(line.get_ydata(), [3.0, 2.0, 1.5])
    png_bytes(fig)


def test_training_curves_with_accuracies() -> None:
    history = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7], "train_acc": [0.5, 0.8],
               "val_acc": [0.4, 0.7]}  # fmt: skip
    fig = plot.training_curves(history)
    left, right = fig.axes
    assert [line.get_label() for line in left.get_lines()] == ["loss", "val_loss"]
    assert [line.get_label() for line in right.get_lines()] == ["train_acc", "val_acc"]
    np.testing.assert_array_equal(right.get_lines()[1].get_ydata(), [0.4, 0.7])
    with pytest.raises(ValueError, match="empty"):
        plot.training_curves({})


@pytest.mark.parametrize(
    "shape, expected",
    [((10, 784), (28, 28)), ((10, 8, 8), (8, 8)), ((10, 3, 6, 5), (6, 5, 3)),
     ((10, 6, 5, 3), (6, 5, 3)), ((10, 1, 6, 5), (6, 5))],
)  # fmt: skip
def test_image_grid_layouts(shape: tuple, expected: tuple) -> None:
    images = np.random.default_rng(0).uniform(size=shape)
    fig = plot.image_grid(images, labels=list(range(10)), ncols=4)
    shown = [ax for ax in fig.axes if ax.get_images()]
    assert len(fig.axes) == 12 and len(shown) == 10  # 3 rows of 4, two left empty
    assert shown[0].get_images()[0].get_array().shape == expected
    assert [ax.get_title() for ax in shown] == [str(i) for i in range(10)]
    png_bytes(fig)


def test_image_grid_value_ranges() -> None:
    weights = np.random.default_rng(0).normal(size=(3, 4, 4)) * 7  # arbitrary range
    fig = plot.image_grid(weights)
    for ax, w in zip(fig.axes, weights, strict=True):
        shown = np.asarray(ax.get_images()[0].get_array())
        assert shown.min() == 0.0 and shown.max() == 1.0
        np.testing.assert_allclose(shown, (w - w.min()) / (w.max() - w.min()))
    pixels = np.array([[[0, 255], [128, 64]]], dtype=np.uint8)
    shown = plot.image_grid(pixels).axes[0].get_images()[0].get_array()
    np.testing.assert_allclose(shown, pixels[0] / 255.0)
    probabilities = np.array([[[0.2, 0.4], [0.6, 0.8]]])  # already in [0, 1]: kept
    shown = plot.image_grid(probabilities).axes[0].get_images()[0].get_array()
    np.testing.assert_allclose(shown, probabilities[0])


def test_image_grid_refuses_bad_inputs() -> None:
    with pytest.raises(ValueError, match="squares"):
        plot.image_grid(np.zeros((2, 10)))
    with pytest.raises(ValueError, match="2 images but 3 labels"):
        plot.image_grid(np.zeros((2, 4, 4)), labels=[1, 2, 3])
    with pytest.raises(ValueError, match="got"):
        plot.image_grid(np.zeros((2, 5, 4, 4)))
