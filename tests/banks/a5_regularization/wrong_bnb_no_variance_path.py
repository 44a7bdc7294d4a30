"""dx keeps the path through μ_B but forgets the one through σ²_B."""

LOSES = ["q3"]

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def batchnorm_backward(dout, cache):
    inv_std = 1.0 / np.sqrt(cache["var"] + cache["eps"])
    dx_hat = dout * cache["gamma"]
    if cache["mode"] == "eval":
        dx = dx_hat * inv_std
    else:
        dx = inv_std * (dx_hat - dx_hat.mean(axis=0))
    return dx, (dout * cache["x_hat"]).sum(axis=0), dout.sum(axis=0)
