"""CS231n's staged backward: through x̂, then σ²_B, then μ_B, one node at a time."""

LOSES = []

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def batchnorm_backward(dout, cache):
    x, gamma, eps = cache["x"], cache["gamma"], cache["eps"]
    mean, var, x_hat = cache["mean"], cache["var"], cache["x_hat"]
    dgamma = np.sum(dout * x_hat, axis=0)
    dbeta = np.sum(dout, axis=0)
    dx_hat = dout * gamma
    std = np.sqrt(var + eps)
    if cache["mode"] == "eval":
        return (dx_hat / std).astype(dout.dtype), dgamma, dbeta
    m = x.shape[0]
    xmu = x - mean
    dvar = np.sum(dx_hat * xmu, axis=0) * -0.5 * std**-3
    dmean = -np.sum(dx_hat, axis=0) / std + dvar * np.mean(-2.0 * xmu, axis=0)
    dx = dx_hat / std + dvar * 2.0 * xmu / m + dmean / m
    return dx.astype(dout.dtype), dgamma.astype(dout.dtype), dbeta.astype(dout.dtype)
