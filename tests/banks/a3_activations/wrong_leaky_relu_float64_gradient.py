"""The leaky ReLU's slope array is built in float64, so dx of a float32 input is float64
(the forward keeps float32)."""

LOSES = ["q2"]

import numpy as np

_reference_leaky_relu_forward = leaky_relu_forward  # noqa: F821


def leaky_relu_forward(x, alpha=0.01):
    out, _ = _reference_leaky_relu_forward(x, alpha)
    return out, (x, alpha)


def leaky_relu_backward(dout, cache):
    x, alpha = cache
    return dout * np.where(x > 0, 1.0, alpha)
