"""Means in the dx formula taken over the features (axis 1) instead of the batch."""

LOSES = ["q3"]

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def batchnorm_backward(dout, cache):
    x_hat = cache["x_hat"]
    inv_std = 1.0 / np.sqrt(cache["var"] + cache["eps"])
    dx_hat = dout * cache["gamma"]
    if cache["mode"] == "eval":
        dx = dx_hat * inv_std
    else:
        dx = inv_std * (
            dx_hat
            - dx_hat.mean(axis=1, keepdims=True)
            - x_hat * (dx_hat * x_hat).mean(axis=1, keepdims=True)
        )
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
