"""The mask's generator is created on the first call only and kept in a module-level
list: the next call with the same seed draws a different mask."""

LOSES = ["q1"]

import numpy as np

_generator = []


def dropout_forward(x, keep_prob, mode="train", seed=None):
    if mode not in ("train", "eval"):
        raise ValueError(f"mode must be 'train' or 'eval', got {mode!r}")
    if not 0 < keep_prob <= 1:
        raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob}")
    if mode == "eval":
        return x.copy(), {
            "mask": np.ones(x.shape, dtype=bool),
            "keep_prob": keep_prob,
            "mode": mode,
        }
    if not _generator:
        _generator.append(np.random.default_rng(seed))
    mask = _generator[0].random(x.shape) < keep_prob
    out = (x * mask / np.asarray(keep_prob, dtype=x.dtype)).astype(x.dtype, copy=False)
    return out, {"mask": mask, "keep_prob": keep_prob, "mode": mode}
