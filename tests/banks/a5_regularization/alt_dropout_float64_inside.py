"""Computes in float64 with an explicit loop over rows, then casts back to x's dtype."""

LOSES = []

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def dropout_forward(x, keep_prob, mode="train", seed=None):
    if mode == "eval":
        return np.array(x), {"mask": np.ones(x.shape, bool), "keep_prob": keep_prob, "mode": mode}
    u = np.random.default_rng(seed).random(x.shape)
    mask = u < keep_prob
    x64 = x.astype(np.float64).reshape(x.shape[0], -1)
    m = mask.reshape(x.shape[0], -1)
    out = np.zeros_like(x64)
    for i in range(x64.shape[0]):
        out[i, m[i]] = x64[i, m[i]] / keep_prob
    return out.reshape(x.shape).astype(x.dtype), {
        "mask": mask,
        "keep_prob": keep_prob,
        "mode": mode,
    }


def dropout_backward(dout, cache):
    if cache["mode"] == "eval":
        return np.array(dout)
    dx = dout.astype(np.float64) * cache["mask"] * (1.0 / cache["keep_prob"])
    return dx.astype(dout.dtype)
