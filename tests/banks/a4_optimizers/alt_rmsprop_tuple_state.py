"""RMSProp whose state is a tuple (the tests never look inside the state)."""

import numpy as np

LOSES = []


def rmsprop(w, dw, state=None, lr=1e-2, alpha=0.99, eps=1e-8):
    (s,) = state if state is not None else (np.zeros_like(w),)
    s = s + (1 - alpha) * (np.square(dw) - s)
    return w - lr * dw / (np.sqrt(s) + eps), (s,)
