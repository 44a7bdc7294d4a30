"""The moments live in module globals, keyed by shape: two parameters of one shape share
them."""

import numpy as np

LOSES = ["q7"]

_MOMENTS = {}


def adam_uncorrected(w, dw, state=None, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        _MOMENTS[w.shape] = (np.zeros_like(w), np.zeros_like(w))
    m, v = _MOMENTS[w.shape]
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw * dw
    _MOMENTS[w.shape] = (m, v)
    return w - lr * m / (np.sqrt(v) + eps), {}
