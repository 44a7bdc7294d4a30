"""Adam forms (1 - β1) g_t in place in the caller's gradient, and then uses the scaled
gradient for v_t too."""

LOSES = ["q3"]

import numpy as np


def adam(w, dw, state=None, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"m": np.zeros_like(w), "v": np.zeros_like(w), "t": 0}
    t = state["t"] + 1
    g = dw
    g *= 1 - beta1
    m = beta1 * state["m"] + g
    v = beta2 * state["v"] + (1 - beta2) * (g / (1 - beta1)) ** 2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v, "t": t}
