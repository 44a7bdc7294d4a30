"""Steps along the previous buffer, then updates it (one step late)."""

import numpy as np

LOSES = ["q1"]


def sgd_momentum(w, dw, state=None, lr=1e-2, momentum=0.9):
    old = np.zeros_like(w) if state is None else state["buf"]
    return w - lr * old, {"buf": momentum * old + dw}
