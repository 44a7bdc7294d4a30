"""MNIST-1D (Greydanus, 2020) from its own generator, with a seed: no file, no download.

Each example is a length-40 signal made from one of ten 1-D digit templates by padding,
translation, shear, scaling, correlated and i.i.d. noise (the ``mnist1d`` package's
``make_dataset``). The package seeds NumPy's and ``random``'s global generators; this
wrapper restores both afterwards, so generating a data set changes no other random
stream of the caller.
"""

from __future__ import annotations

import random

import numpy as np

LENGTH = 40
CLASSES = 10


def make(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` MNIST-1D examples (``n`` a multiple of 10, balanced classes) from ``seed``.

    Returns:
        x: (n, 40) float32 signals, standardised over the whole set (mean 0, std 1);
        y: (n,) int64 labels in 0..9.
    """
    from mnist1d.data import get_dataset_args, make_dataset

    if n <= 0 or n % CLASSES:
        raise ValueError(f"n must be a positive multiple of {CLASSES}, got {n}")
    if not 0 <= int(seed) < 2**32:
        raise ValueError("seed must be in [0, 2**32)")
    args = get_dataset_args()
    args.num_samples = int(n)
    args.train_split = 1.0
    args.seed = int(seed)
    numpy_state, python_state = np.random.get_state(), random.getstate()
    try:
        data = make_dataset(args)
    finally:
        np.random.set_state(numpy_state)
        random.setstate(python_state)
    return data["x"].astype(np.float32), data["y"].astype(np.int64)
