"""Adds ε to the standard deviation instead of to the variance under the square root."""

LOSES = ["q2"]

import numpy as np  # noqa: E402 (LOSES comes first by convention)

_reference_batchnorm_forward = batchnorm_forward  # noqa: F821 (defined by the reference)


def batchnorm_forward(x, gamma, beta, state=None, mode="train", momentum=0.1, eps=1e-5):
    _, cache, new = _reference_batchnorm_forward(x, gamma, beta, state, mode, momentum, eps)
    x_hat = ((x - cache["mean"]) / (np.sqrt(cache["var"]) + eps)).astype(x.dtype)
    cache["x_hat"] = x_hat
    return (gamma * x_hat + beta).astype(x.dtype), cache, new
