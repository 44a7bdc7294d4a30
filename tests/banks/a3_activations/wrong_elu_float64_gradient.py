"""ELU's backward builds its slope array with np.where from Python numbers and a float64
exponential, so dx of a float32 input is float64 (the forward keeps float32)."""

LOSES = ["q2"]

import numpy as np

_reference_elu_forward = elu_forward  # noqa: F821


def elu_forward(x, alpha=1.0):
    out, _ = _reference_elu_forward(x, alpha)
    return out, (x, alpha)


def elu_backward(dout, cache):
    x, alpha = cache
    return dout * np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0).astype(np.float64)))
