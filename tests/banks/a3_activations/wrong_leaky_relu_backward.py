"""Leaky ReLU backward drops the alpha slope (a plain ReLU's backward)."""

import numpy as np

LOSES = ["q2"]


def leaky_relu_backward(dout, cache):
    x, alpha = cache
    return np.where(x > 0, dout, 0).astype(dout.dtype)
