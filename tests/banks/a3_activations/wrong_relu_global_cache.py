"""ReLU backward reads the input of the last forward call from a global, not from its cache."""

import numpy as np

LOSES = ["q1"]


_LAST_X = None


def relu_forward(x):
    global _LAST_X
    _LAST_X = x
    return np.maximum(x, 0), None


def relu_backward(dout, cache):
    return np.where(_LAST_X > 0, dout, 0).astype(dout.dtype)
