"""Train-mode dx treats μ_B and σ²_B as constants (the eval-mode formula everywhere)."""

LOSES = ["q3"]

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def batchnorm_backward(dout, cache):
    inv_std = 1.0 / np.sqrt(cache["var"] + cache["eps"])
    dx = dout * cache["gamma"] * inv_std
    return dx, (dout * cache["x_hat"]).sum(axis=0), dout.sum(axis=0)
