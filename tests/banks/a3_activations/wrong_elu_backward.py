"""ELU backward multiplies by the output instead of output + alpha (alpha e^x)."""

import numpy as np

LOSES = ["q2"]


def elu_forward(x, alpha=1.0):
    out = np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))).astype(x.dtype)
    return out, (x, out)


def elu_backward(dout, cache):
    x, out = cache
    return np.where(x > 0, dout, dout * out).astype(dout.dtype)
