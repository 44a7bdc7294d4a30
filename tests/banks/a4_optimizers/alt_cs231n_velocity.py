"""CS231n's velocity form v = μv − ηg, w + v: the same update for a constant η."""

import numpy as np

LOSES = []


def sgd_momentum(w, dw, state=None, lr=1e-2, momentum=0.9):
    v = np.zeros_like(w) if state is None else state["velocity"]
    v = momentum * v - lr * dw
    return w + v, {"velocity": v}
