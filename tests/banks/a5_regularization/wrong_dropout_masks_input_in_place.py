"""Train-mode dropout multiplies x in place by the mask and returns x itself: the output
is right, but the caller's activations are overwritten."""

LOSES = ["q1"]

import numpy as np


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
    mask = np.random.default_rng(seed).random(x.shape) < keep_prob
    x *= mask
    x /= np.asarray(keep_prob, dtype=x.dtype)
    return x, {"mask": mask, "keep_prob": keep_prob, "mode": mode}
