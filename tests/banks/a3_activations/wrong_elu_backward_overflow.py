"""ELU's forward clamps the unused branch, but its backward evaluates alpha * e^x for every
x, which overflows for large positive x in the branch np.where discards."""

import numpy as np

LOSES = ["q2"]


def elu_backward(dout, cache):
    x, alpha = cache
    return np.where(x > 0, dout, dout * alpha * np.exp(x)).astype(dout.dtype)
