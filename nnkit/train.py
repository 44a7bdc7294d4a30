"""A minibatch training loop for stochastic gradient descent (随机梯度下降).

The loop knows nothing about models: the caller supplies ``step(xb, yb) -> loss``, which
computes the loss on one minibatch, backpropagates and updates the parameters. The same
loop trains a NumPy network of an assignment and a PyTorch model.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np
from tqdm.auto import tqdm

__all__ = ["History", "fit", "minibatches"]


class History(dict):
    """Metric name -> one value per epoch; ``"loss"`` is always present after ``fit``.

    A plain dict (``history["loss"][-1]``), so ``nnkit.plot.training_curves(history)``
    and JSON serialisation work directly.
    """

    @property
    def epochs(self) -> int:
        """Number of epochs recorded."""
        return len(self.get("loss", []))


def _length(name: str, data: Any) -> int:
    try:
        return len(data)
    except TypeError:
        raise TypeError(f"{name} must be an array with one row per example") from None


def _loss_value(loss: Any) -> float:
    # A PyTorch loss still attached to its graph warns when converted; detach it first.
    detach = getattr(loss, "detach", None)
    return float(detach() if callable(detach) else loss)


def minibatches(
    X: Any,
    y: Any,
    batch_size: int,
    rng: np.random.Generator | int | None,
) -> Iterator[tuple[Any, Any]]:
    """Yield ``(xb, yb)`` minibatches covering every example exactly once.

    Args:
        X: inputs, (N, ...) NumPy array (or anything indexable by an integer array, such
            as a torch tensor).
        y: targets, (N, ...), or ``None`` for unlabelled data (then ``yb`` is ``None``).
        batch_size: examples per batch; the last batch holds the remainder.
        rng: a Generator or seed that shuffles the order; ``None`` keeps the data order
            (for evaluation).

    Yields:
        ``(X[idx], y[idx])`` with ``len(idx) <= batch_size``.
    """
    n = _length("X", X)
    if y is not None and _length("y", y) != n:
        raise ValueError(f"X has {n} rows but y has {_length('y', y)}")
    if isinstance(batch_size, bool) or int(batch_size) != batch_size or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    batch_size = int(batch_size)
    order = np.arange(n) if rng is None else np.random.default_rng(rng).permutation(n)
    for start in range(0, n, batch_size):
        idx = order[start : start + batch_size]
        yield X[idx], (None if y is None else y[idx])


def fit(
    step: Callable[[Any, Any], float],
    X: Any,
    y: Any,
    *,
    epochs: int,
    batch_size: int,
    rng: np.random.Generator | int,
    evaluate: Callable[[], Mapping[str, float]] | None = None,
    progress: bool = True,
    stop_on_nonfinite: bool = True,
) -> History:
    """Train for ``epochs`` passes over the data in shuffled minibatches.

    Args:
        step: ``step(xb, yb)`` does one update on a minibatch and returns its mean loss
            (a float, or anything ``float()`` accepts such as a 0-d tensor).
        X: inputs (N, ...); y: targets (N, ...) or ``None``. See ``minibatches``.
        epochs: number of passes.
        batch_size: examples per minibatch.
        rng: Generator or seed; reshuffles the data at every epoch.
        evaluate: called with no argument after each epoch; returns metrics such as
            ``{"train_acc": ..., "val_acc": ...}``, recorded under their names.
        progress: show a tqdm bar over epochs with the latest loss and metrics.
        stop_on_nonfinite: when a loss is NaN or infinite (the learning rate is usually
            too large), warn, record that epoch and stop instead of wasting time.

    Returns:
        History: ``{"loss": [mean loss per epoch], <metric>: [value per epoch], ...}``.
        The epoch's loss is the mean of the minibatch losses weighted by batch size, i.e.
        the mean over examples of the loss seen during the epoch.
    """
    if isinstance(epochs, bool) or int(epochs) != epochs or epochs < 0:
        raise ValueError(f"epochs must be a non-negative integer, got {epochs!r}")
    n = _length("X", X)
    if n == 0:
        raise ValueError("no training examples: X is empty")
    rng = np.random.default_rng(rng)
    history = History(loss=[])
    bar = tqdm(range(int(epochs)), desc="training", unit="epoch", disable=not progress)
    try:
        for epoch in bar:
            total, diverged = 0.0, False
            for xb, yb in minibatches(X, y, batch_size, rng):
                loss = _loss_value(step(xb, yb))
                total += loss * _length("xb", xb)
                if not math.isfinite(loss) and stop_on_nonfinite:
                    diverged = True
                    break
            history["loss"].append(total / n)
            metrics = {k: float(v) for k, v in (evaluate() if evaluate is not None else {}).items()}
            if "loss" in metrics:
                raise ValueError(
                    "evaluate() returned 'loss', which fit records itself: name it e.g. 'val_loss'"
                )
            for name, value in metrics.items():
                history.setdefault(name, []).append(value)
            bar.set_postfix({"loss": history["loss"][-1], **metrics})
            if diverged:
                warnings.warn(
                    f"the loss became {loss} at epoch {epoch + 1}: training stopped "
                    "(try a smaller learning rate)",
                    RuntimeWarning,
                    stacklevel=2,
                )
                break
    finally:
        bar.close()
    return history
