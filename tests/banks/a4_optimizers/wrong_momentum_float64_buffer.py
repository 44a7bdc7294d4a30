"""The momentum buffer is kept in float64, so float32 parameters come back float64."""

LOSES = ["q1"]

import numpy as np


def sgd_momentum(w, dw, state=None, lr=1e-2, momentum=0.9):
    g = dw.astype(np.float64)
    buf = g if state is None else momentum * state["buf"] + g
    return w - lr * buf, {"buf": buf}
