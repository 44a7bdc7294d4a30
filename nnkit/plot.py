"""Plots the notebooks need: decision boundaries, training curves, grids of images.

Every function returns a ``matplotlib.figure.Figure`` built without ``pyplot`` (unless you
pass your own axes), so nothing is shown twice in a notebook, nothing piles up in
pyplot's figure list during a loop, and everything works headless.

Showing one: ``plt.show()`` shows only the figures pyplot made, so it does **not** show
these. In a notebook, end the cell with the figure (``plot.image_grid(x)`` as the last
line) or call ``display(fig)`` when more code follows; a script calls
``fig.savefig(...)``. Drawing into axes from ``plt.subplots`` (``ax=``) makes a pyplot
figure, which ``plt.show()`` shows as usual.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

__all__ = ["decision_boundary", "image_grid", "training_curves"]

# Enough distinct classes for every data set of the course (tab10 has ten colours).
_MAX_CLASSES = 10


def _class_colours(k: int) -> ListedColormap:
    from matplotlib import colormaps

    return ListedColormap(colormaps["tab10"].colors[:k])


def _label(value: object) -> str:
    # Integer labels mixed with float predictions come back as floats: show -1, not -1.0.
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def decision_boundary(
    predict: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    resolution: int = 200,
) -> Figure:
    """Colour the plane by the predicted class and scatter the data on top (决策边界).

    Args:
        predict: maps points (M, 2) to class labels (M,) (any labels: {-1, +1}, 0..K-1).
        X: the data, (N, 2).
        y: its labels, (N,).
        ax: axes to draw into; a new figure when ``None``.
        title: axes title.
        resolution: grid points per side.

    Returns:
        the figure holding the axes.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y).reshape(-1)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"decision_boundary plots 2-D inputs: X must be (N, 2), got {X.shape}")
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels")

    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = 0.1 * np.maximum(hi - lo, 1e-3)
    xx, yy = np.meshgrid(
        np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution),
        np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution),
    )
    grid = np.column_stack([xx.ravel(), yy.ravel()])
    predicted = np.asarray(predict(grid)).reshape(-1)
    if predicted.size != grid.shape[0]:
        raise ValueError(
            f"predict returned {predicted.size} values for {grid.shape[0]} points: "
            "it must return one label per row"
        )
    classes = np.unique(np.concatenate([y, predicted]))
    if len(classes) > _MAX_CLASSES:
        raise ValueError(
            f"{len(classes)} distinct predicted values: predict must return class labels, "
            "not scores"
        )
    cmap = _class_colours(len(classes))
    levels = np.arange(len(classes) + 1) - 0.5

    if ax is None:
        fig = Figure(figsize=(5, 4.5), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    region = np.searchsorted(classes, predicted).reshape(xx.shape)
    ax.contourf(xx, yy, region, levels=levels, cmap=cmap, alpha=0.3)
    ax.scatter(
        X[:, 0],
        X[:, 1],
        c=np.searchsorted(classes, y),
        cmap=cmap,
        vmin=levels[0],
        vmax=levels[-1],
        edgecolors="k",
        linewidths=0.5,
        s=20,
    )
    handles = [
        Line2D([], [], ls="", marker="o", mfc=cmap(i), mec="k", mew=0.5, label=_label(c))
        for i, c in enumerate(classes)
    ]
    ax.legend(handles=handles, title="class", loc="best", fontsize="small")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title is not None:
        ax.set_title(title)
    return fig


def training_curves(history: Mapping[str, Sequence[float]]) -> Figure:
    """Loss (left) and other metrics such as accuracy (right) per epoch.

    Args:
        history: metric name -> one value per epoch, e.g. ``{"loss": [...],
            "train_acc": [...], "val_acc": [...]}`` (what ``nnkit.train.fit`` returns).
            Names containing "loss" go on the left axes, the others on the right.

    Returns:
        the figure, with one or two axes.
    """
    if not history:
        raise ValueError("history is empty: nothing to plot")
    losses = {k: v for k, v in history.items() if "loss" in k}
    others = {k: v for k, v in history.items() if "loss" not in k}
    groups = [(g, label) for g, label in ((losses, "loss"), (others, "metric")) if g]
    fig = Figure(figsize=(5 * len(groups), 3.5), layout="constrained")
    for ax, (group, label) in zip(
        fig.subplots(1, len(groups), squeeze=False)[0], groups, strict=True
    ):
        for name, values in group.items():
            values = np.asarray(values, dtype=np.float64).reshape(-1)
            ax.plot(np.arange(1, len(values) + 1), values, marker="o", markersize=3, label=name)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("epoch")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small")
    return fig


def _as_images(images: np.ndarray) -> np.ndarray:
    """(N, H, W) or (N, H, W, C) from the layouts the course uses."""
    images = np.asarray(images)
    if images.ndim == 2:  # flattened square images such as MNIST rows (N, 784)
        side = math.isqrt(images.shape[1])
        if side * side != images.shape[1]:
            raise ValueError(f"cannot reshape rows of {images.shape[1]} pixels to squares")
        return images.reshape(len(images), side, side)
    if images.ndim == 3:
        return images
    if images.ndim == 4:
        if images.shape[-1] in (1, 3):
            return images[..., 0] if images.shape[-1] == 1 else images
        if images.shape[1] in (1, 3):  # channels first, as CS231n's and PyTorch's layers
            return images[:, 0] if images.shape[1] == 1 else images.transpose(0, 2, 3, 1)
    raise ValueError(
        f"images must be (N, H*W), (N, H, W), (N, H, W, C) or (N, C, H, W), got {images.shape}"
    )


def _display_range(image: np.ndarray) -> np.ndarray:
    """Pixels in [0, 1]: uint8 scaled by 255, floats already in [0, 1] kept, others stretched."""
    if image.dtype == np.uint8:
        return image / 255.0
    image = image.astype(np.float64)
    lo, hi = float(image.min()), float(image.max())
    if lo >= 0.0 and hi <= 1.0:
        return image
    # Learned weights and gradients have arbitrary ranges: stretch each to [0, 1].
    return (image - lo) / (hi - lo) if hi > lo else np.zeros_like(image)


def image_grid(
    images: np.ndarray,
    labels: Sequence | np.ndarray | None = None,
    ncols: int = 8,
    *,
    cmap: str = "gray",
) -> Figure:
    """Show images in a grid, each titled with its label when given.

    Args:
        images: (N, H*W) square images, (N, H, W), (N, H, W, C) or (N, C, H, W) with C in
            {1, 3}; uint8, floats in [0, 1], or any floats (each stretched to [0, 1]).
        labels: N labels (numbers or strings) shown above the images.
        ncols: images per row.
        cmap: colour map for single-channel images.

    Returns:
        the figure.
    """
    images = _as_images(images)
    n = len(images)
    if n == 0:
        raise ValueError("no images to show")
    if labels is not None and len(labels) != n:
        raise ValueError(f"{n} images but {len(labels)} labels")
    ncols = max(1, min(int(ncols), n))
    nrows = math.ceil(n / ncols)
    fig = Figure(figsize=(1.2 * ncols, 1.3 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if i >= n:
            continue
        ax.imshow(_display_range(images[i]), cmap=cmap, vmin=0.0, vmax=1.0)
        if labels is not None:
            ax.set_title(_label(labels[i]), fontsize="small")
    return fig
