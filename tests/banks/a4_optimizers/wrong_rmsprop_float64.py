"""RMSProp keeps its average in float64 and returns float64 for float32 parameters."""

import numpy as np

LOSES = ["q2"]


def rmsprop(w, dw, state=None, lr=1e-2, alpha=0.99, eps=1e-8):
    s = np.zeros(w.shape) if state is None else state["s"]
    s = alpha * s + (1 - alpha) * np.asarray(dw, dtype=np.float64) ** 2
    return w - lr * dw / (np.sqrt(s) + eps), {"s": s}
