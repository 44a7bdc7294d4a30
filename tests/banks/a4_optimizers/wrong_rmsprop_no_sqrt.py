"""RMSProp divides by s + ε instead of √s + ε."""

import numpy as np

LOSES = ["q2"]


def rmsprop(w, dw, state=None, lr=1e-2, alpha=0.99, eps=1e-8):
    s = np.zeros_like(w) if state is None else state["s"]
    s = alpha * s + (1 - alpha) * dw * dw
    return w - lr * dw / (s + eps), {"s": s}
