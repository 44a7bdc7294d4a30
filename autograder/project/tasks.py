"""What each project's model is asked and how its answers are scored (trusted side).

A task generates inputs and targets from a seed, asks the student's model for its
predictions through the sandbox (``model.predict`` / ``model.caption``: data in, data
out), checks that the answer is well formed and computes the metrics. Inputs go into the
sandbox, predictions come back as copies; targets and metrics never leave this process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from nnkit import bleu, mnist1d, scenes


class PredictionError(AssertionError):
    """Predictions of the wrong shape, type or range: the message says what to fix."""


class MNIST1D:
    """P1: ten-class classification of length-40 MNIST-1D signals; accuracy."""

    name = "mnist1d"

    @lru_cache(maxsize=4)  # noqa: B019 - one instance per task, kept for the process
    def data(self, seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
        return mnist1d.make(n, seed)

    def arrays(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """An instructor's own test split as ``data`` returns it; ValueError says what is off."""
        x, y = np.asarray(x), np.asarray(y)
        if x.ndim != 2 or x.shape[1] != mnist1d.LENGTH or not np.issubdtype(x.dtype, np.number):
            raise ValueError(
                f"inputs are {x.dtype} {x.shape}, expected numbers (N, {mnist1d.LENGTH})"
            )
        _check_targets(y, (len(x),), "labels")
        if y.min() < 0 or y.max() >= mnist1d.CLASSES:
            raise ValueError(f"labels outside 0..{mnist1d.CLASSES - 1}")
        return x.astype(np.float32), y.astype(np.int64)

    def ask(self, model: Any, net: Any, inputs: np.ndarray) -> Any:
        return model.predict(net, inputs)

    def check(self, answer: Any, n: int) -> np.ndarray:
        if not isinstance(answer, np.ndarray):
            raise PredictionError(
                f"predict returned a {type(answer).__name__}, not a numpy array of labels"
            )
        if answer.shape != (n,):
            raise PredictionError(
                f"predict returned shape {answer.shape} for {n} signals, expected ({n},)"
            )
        if not np.issubdtype(answer.dtype, np.integer):
            raise PredictionError(
                f"predict returned dtype {answer.dtype}, expected integer labels (argmax)"
            )
        return answer.astype(np.int64)

    def metrics(self, predictions: np.ndarray, targets: np.ndarray) -> dict[str, float]:
        return {"accuracy": float(np.mean(predictions == targets))}


class Captioning:
    """P2: captions of generated scenes; exact match and BLEU-4 over the words."""

    name = "captioning"

    @lru_cache(maxsize=4)  # noqa: B019 - one instance per task, kept for the process
    def data(self, seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
        return scenes.make_scenes(n, seed)

    def arrays(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """An instructor's own test split as ``data`` returns it: images (N, 3, 32, 32)
        float in [0, 1] or uint8 (scaled to [0, 1]), captions (N, MAX_LEN) token ids."""
        x, y = np.asarray(x), np.asarray(y)
        shape = (3, scenes.IMAGE_SIZE, scenes.IMAGE_SIZE)
        if x.ndim != 4 or x.shape[1:] != shape:
            raise ValueError(
                f"images are {x.dtype} {x.shape}, expected (N, {', '.join(map(str, shape))})"
            )
        if x.dtype == np.uint8:
            x = x.astype(np.float32) / np.float32(255.0)
        elif not np.issubdtype(x.dtype, np.floating) or x.min() < 0 or x.max() > 1:
            raise ValueError(f"images are {x.dtype}, expected uint8 or floats in [0, 1]")
        _check_targets(y, (len(x), scenes.MAX_LEN), "captions")
        if y.min() < 0 or y.max() >= len(scenes.VOCAB):
            raise ValueError(f"caption token ids outside 0..{len(scenes.VOCAB) - 1}")
        return x.astype(np.float32), y.astype(np.int64)

    def ask(self, model: Any, net: Any, inputs: np.ndarray) -> Any:
        return model.caption(net, inputs)

    def check(self, answer: Any, n: int) -> np.ndarray:
        if not isinstance(answer, np.ndarray):
            raise PredictionError(
                f"caption returned a {type(answer).__name__}, not a numpy array of token ids"
            )
        if answer.ndim != 2 or answer.shape[0] != n or answer.shape[1] > 4 * scenes.MAX_LEN:
            raise PredictionError(
                f"caption returned shape {answer.shape} for {n} images, expected ({n}, T) "
                f"token ids with T <= {4 * scenes.MAX_LEN}"
            )
        if not np.issubdtype(answer.dtype, np.integer):
            raise PredictionError(f"caption returned dtype {answer.dtype}, expected token ids")
        return answer.astype(np.int64)

    def metrics(self, predictions: np.ndarray, targets: np.ndarray) -> dict[str, float]:
        hypotheses = [scenes.decode(row) for row in predictions]
        references = [scenes.decode(row) for row in targets]
        return {
            "exact_match": bleu.exact_match(references, hypotheses),
            "bleu4": bleu.corpus_bleu(references, hypotheses),
        }


def _check_targets(y: np.ndarray, shape: tuple[int, ...], what: str) -> None:
    if y.shape != shape or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"{what} are {y.dtype} {y.shape}, expected integers {shape}")


TASKS = {task.name: task for task in (MNIST1D(), Captioning())}
