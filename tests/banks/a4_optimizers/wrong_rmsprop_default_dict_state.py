"""RMSProp keeps its running average in a mutable default argument, one per parameter
shape, instead of in the state it returns: two parameters of the same shape share it."""

LOSES = ["q2"]

import numpy as np


def rmsprop(w, dw, state=None, lr=1e-2, alpha=0.99, eps=1e-8, _averages={}):  # noqa: B006 (the bug)
    if state is None:
        _averages[w.shape] = np.zeros_like(w)
    square_avg = alpha * _averages[w.shape] + (1 - alpha) * dw * dw
    _averages[w.shape] = square_avg
    return w - lr * dw / (np.sqrt(square_avg) + eps), {}
