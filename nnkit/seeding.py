"""One call that makes an experiment repeatable.

Every random choice in the course takes a seed or a ``numpy.random.Generator``; this
module covers the remaining global generators (Python's ``random``, NumPy's legacy
``np.random.*`` functions, PyTorch) for code that still uses them.
"""

from __future__ import annotations

import importlib.util
import random
import sys

import numpy as np

__all__ = ["seed_everything"]


def seed_everything(seed: int, *, torch: bool | None = None) -> np.random.Generator:
    """Seed Python's ``random``, NumPy's legacy global generator and PyTorch.

    Args:
        seed: a non-negative integer below 2**32 (NumPy's legacy generator's limit).
        torch: ``None`` (default) seeds PyTorch when it is installed; ``False`` leaves it
            alone, which spares a NumPy-only notebook the cost of importing PyTorch
            (about 1.5 s and 200 MB); ``True`` requires it.

    Returns:
        a fresh ``np.random.Generator`` seeded with ``seed``: pass it on explicitly
        (``rng=...``) rather than relying on the global state.

    Raises:
        ValueError: ``seed`` is negative, too large or not an integer.
        ModuleNotFoundError: ``torch=True`` and PyTorch is not installed.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise ValueError(f"seed must be an integer, got {type(seed).__name__}")
    seed = int(seed)
    if not 0 <= seed < 2**32:
        raise ValueError(f"seed must be in [0, 2**32), got {seed}")

    random.seed(seed)
    np.random.seed(seed)
    if torch is None:
        # find_spec is cheap; the import itself only happens when torch is really there.
        torch = "torch" in sys.modules or importlib.util.find_spec("torch") is not None
    if torch:
        import torch as _torch

        # manual_seed also seeds every CUDA device when one is present.
        _torch.manual_seed(seed)
    return np.random.default_rng(seed)
