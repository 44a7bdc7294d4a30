"""RMSProp updating the average and w in place, square root as ** 0.5."""

import numpy as np

LOSES = []


def rmsprop(w, dw, state=None, lr=1e-2, alpha=0.99, eps=1e-8):
    if state is None:
        state = {"s": np.zeros_like(w)}
    state["s"] *= alpha
    state["s"] += (1 - alpha) * dw**2
    w -= lr * dw / (state["s"] ** 0.5 + eps)
    return w, state
