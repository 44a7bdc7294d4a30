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


TASKS = {task.name: task for task in (MNIST1D(), Captioning())}
