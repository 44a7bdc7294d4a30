"""Only the second moment is left uncorrected: m̂ = m / (1 − β1^t) is still used."""

import numpy as np

LOSES = ["q7"]


def adam_uncorrected(w, dw, state=None, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"m": np.zeros_like(w), "v": np.zeros_like(w), "t": 0}
    t = state["t"] + 1
    m = beta1 * state["m"] + (1 - beta1) * dw
    v = beta2 * state["v"] + (1 - beta2) * dw * dw
    return w - lr * (m / (1 - beta1**t)) / (np.sqrt(v) + eps), {"m": m, "v": v, "t": t}
