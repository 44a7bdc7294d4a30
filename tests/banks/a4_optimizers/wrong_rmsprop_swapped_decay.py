"""RMSProp weighs the new squared gradient by α and the history by 1 − α."""

import numpy as np

LOSES = ["q2"]


def rmsprop(w, dw, state=None, lr=1e-2, alpha=0.99, eps=1e-8):
    s = np.zeros_like(w) if state is None else state["s"]
    s = (1 - alpha) * s + alpha * dw * dw
    return w - lr * dw / (np.sqrt(s) + eps), {"s": s}
