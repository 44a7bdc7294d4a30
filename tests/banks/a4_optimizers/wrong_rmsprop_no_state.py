"""RMSProp forgets its running average between calls."""

import numpy as np

LOSES = ["q2"]


def rmsprop(w, dw, state=None, lr=1e-2, alpha=0.99, eps=1e-8):
    s = (1 - alpha) * dw * dw
    return w - lr * dw / (np.sqrt(s) + eps), {"s": s}
