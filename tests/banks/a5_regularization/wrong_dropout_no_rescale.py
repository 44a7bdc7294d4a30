"""Dropout drops units but never divides the kept ones by keep_prob (not inverted)."""

LOSES = ["q1"]

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def dropout_forward(x, keep_prob, mode="train", seed=None):
    if mode == "eval":
        return x.copy(), {"mask": np.ones(x.shape, bool), "keep_prob": keep_prob, "mode": mode}
    mask = np.random.default_rng(seed).random(x.shape) < keep_prob
    return x * mask, {"mask": mask, "keep_prob": keep_prob, "mode": mode}


def dropout_backward(dout, cache):
    if cache["mode"] == "eval":
        return dout.copy()
    return dout * cache["mask"]
