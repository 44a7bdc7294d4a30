"""With bias_correction=False (written as a second branch), the moments start as float64
zeros, so a float32 parameter comes back as float64."""

import numpy as np

LOSES = ["q3"]


_reference_adam = adam  # noqa: F821


def adam(w, dw, state=None, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, bias_correction=True):
    if bias_correction:
        return _reference_adam(w, dw, state, lr, beta1, beta2, eps)
    if state is None:
        state = {"m": np.zeros(w.shape), "v": np.zeros(w.shape)}
    m = beta1 * state["m"] + (1 - beta1) * dw
    v = beta2 * state["v"] + (1 - beta2) * dw * dw
    return w - lr * m / (np.sqrt(v) + eps), {"m": m, "v": v}
