"""Backward draws a fresh mask instead of reusing the forward's one from the cache."""

LOSES = ["q1"]

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def dropout_backward(dout, cache):
    if cache["mode"] == "eval":
        return dout.copy()
    p = cache["keep_prob"]
    mask = np.random.default_rng().random(dout.shape) < p
    return (dout * mask / dout.dtype.type(p)).astype(dout.dtype)
