"""Mask drawn with Generator.binomial and stored as 0/1 floats: another valid mask."""

LOSES = []

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def dropout_forward(x, keep_prob, mode="train", seed=None):
    if mode == "eval":
        return x * 1, {"mask": np.ones_like(x), "keep_prob": keep_prob, "mode": mode}
    mask = np.random.default_rng(seed).binomial(1, keep_prob, size=x.shape).astype(x.dtype)
    return x * (mask / x.dtype.type(keep_prob)), {
        "mask": mask,
        "keep_prob": keep_prob,
        "mode": mode,
    }


def dropout_backward(dout, cache):
    if cache["mode"] == "eval":
        return dout * 1
    return np.where(cache["mask"], dout / dout.dtype.type(cache["keep_prob"]), 0).astype(dout.dtype)
