"""With bias_correction=False (written as a second branch), the moments live in module
globals, keyed by shape: two parameters of one shape share them."""

import numpy as np

LOSES = ["q3"]

_MOMENTS = {}


_reference_adam = adam  # noqa: F821


def adam(w, dw, state=None, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, bias_correction=True):
    if bias_correction:
        return _reference_adam(w, dw, state, lr, beta1, beta2, eps)
    if state is None:
        _MOMENTS[w.shape] = (np.zeros_like(w), np.zeros_like(w))
    m, v = _MOMENTS[w.shape]
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw * dw
    _MOMENTS[w.shape] = (m, v)
    return w - lr * m / (np.sqrt(v) + eps), {}
