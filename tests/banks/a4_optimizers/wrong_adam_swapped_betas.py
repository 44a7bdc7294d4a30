"""Adam with the defaults of β1 and β2 swapped (0.999 and 0.9)."""

import numpy as np

LOSES = ["q3"]


def adam(w, dw, state=None, lr=1e-3, beta1=0.999, beta2=0.9, eps=1e-8):
    if state is None:
        state = {"m": np.zeros_like(w), "v": np.zeros_like(w), "t": 0}
    t = state["t"] + 1
    m = beta1 * state["m"] + (1 - beta1) * dw
    v = beta2 * state["v"] + (1 - beta2) * dw * dw
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v, "t": t}
