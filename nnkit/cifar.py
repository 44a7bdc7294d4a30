"""CIFAR-10 from its "python version" batch files (``data_batch_1`` ... ``test_batch``).

Each batch is a pickled dict (written by Python 2, so its keys are bytes): ``b"data"``, a
uint8 array (N, 3072) whose rows hold the red, green and blue planes of a 32x32 image one
after the other, row by row; ``b"labels"``, N integers in 0..9; ``b"batch_label"`` and
``b"filenames"`` (https://www.cs.toronto.edu/~kriz/cifar.html). Nothing here downloads:
a course provides the files, with the SHA-256 of each, and they are checked before being
read. Unpickling accepts numpy arrays and plain containers only, so even a file whose
checksum was published wrongly cannot run code.
"""

from __future__ import annotations

import io
import os
import pickle
from collections.abc import Sequence

import numpy as np

from .data import _read_verified

__all__ = ["load_cifar10_batches", "read_cifar_batch"]

SHAPE = (3, 32, 32)
# what a pickled numpy array needs (numpy 1 and 2 module names); nothing else is loaded
_ALLOWED = {
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "scalar"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("_codecs", "encode"),
}


class _ArraysOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a CIFAR batch")


def read_cifar_batch(path: str | os.PathLike, sha256: str | None = None) -> dict[str, object]:
    """One batch file as a dict with str keys (``"data"``, ``"labels"``, ...).

    Args:
        path: the batch file.
        sha256: expected SHA-256 (hex) of the file; ``None`` skips the check.

    Raises:
        ValueError: a checksum mismatch, or a file that is not a CIFAR batch.
    """
    raw = _read_verified(path, sha256)
    try:
        batch = _ArraysOnly(io.BytesIO(raw), encoding="bytes").load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as error:
        raise ValueError(f"{path}: not a CIFAR python batch ({error})") from error
    if not isinstance(batch, dict):
        raise ValueError(f"{path}: not a CIFAR python batch (a {type(batch).__name__})")
    return {k.decode() if isinstance(k, bytes) else str(k): v for k, v in batch.items()}


def load_cifar10_batches(
    paths: Sequence[str | os.PathLike],
    sha256: Sequence[str | None] | None = None,
    *,
    labels_key: str = "labels",
    normalize: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Images and labels of CIFAR-10 batch files, concatenated in the order given.

    Args:
        paths: the batch files, e.g. ``data_batch_1`` ... ``data_batch_5``.
        sha256: the expected SHA-256 of each file (``None`` entries skip a check).
        labels_key: the key of the labels (``"fine_labels"`` for CIFAR-100; a course's
            own batches may carry other per-image targets, e.g. token ids).
        normalize: float32 in [0, 1]; else the raw uint8 pixels.

    Returns:
        X (N, 3, 32, 32) float32 in [0, 1] (uint8 with ``normalize=False``), y (N, ...)
        int64: the labels, or whatever per-image integers ``labels_key`` names.

    Raises:
        ValueError: a checksum mismatch, a missing key, or arrays of the wrong shape.
    """
    checks = list(sha256) if sha256 is not None else [None] * len(paths)
    if len(checks) != len(paths):
        raise ValueError(f"{len(paths)} files but {len(checks)} checksums")
    images, labels = [], []
    for path, check in zip(paths, checks):
        batch = read_cifar_batch(path, check)
        for key in ("data", labels_key):
            if key not in batch:
                raise ValueError(f"{path}: no {key!r} in the batch (keys: {sorted(batch)})")
        data = np.asarray(batch["data"])
        if data.dtype != np.uint8 or data.ndim != 2 or data.shape[1] != np.prod(SHAPE):
            raise ValueError(
                f"{path}: 'data' is {data.dtype} {data.shape}, expected uint8 (N, 3072)"
            )
        target = np.asarray(batch[labels_key])
        if len(target) != len(data) or not np.issubdtype(target.dtype, np.integer):
            raise ValueError(
                f"{path}: {labels_key!r} holds {len(target)} {target.dtype} values for "
                f"{len(data)} images, expected one integer (row) per image"
            )
        images.append(data.reshape(len(data), *SHAPE))
        labels.append(target.astype(np.int64))
    if not images:
        raise ValueError("no batch files given")
    X = np.concatenate(images)
    if normalize:
        X = X.astype(np.float32) / np.float32(255.0)
    return X, np.concatenate(labels)
