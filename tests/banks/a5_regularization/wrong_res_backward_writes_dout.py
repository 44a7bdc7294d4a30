"""dx starts as dout itself (the identity path) and F's gradient is added in place, so
the caller's dout is overwritten."""

LOSES = ["q4"]

import numpy as np


def residual_backward(dout, cache):
    x, w1, w2, z1 = cache["x"], cache["w1"], cache["w2"], cache["z1"]
    h1 = np.maximum(z1, 0)
    dw2 = h1.T @ dout
    db2 = dout.sum(axis=0)
    dz1 = (dout @ w2.T) * (z1 > 0)
    dw1 = x.T @ dz1
    db1 = dz1.sum(axis=0)
    dx = dout
    dx += dz1 @ w1.T
    dt = dout.dtype
    return tuple(g.astype(dt, copy=False) for g in (dx, dw1, db1, dw2, db2))
