"""Accumulates per-sample outer products in float64, then casts back (loop over the batch)."""

LOSES = []

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def residual_forward(x, w1, b1, w2, b2):
    x64 = x.astype(np.float64)
    z1 = x64 @ w1.astype(np.float64) + b1
    out = x64 + np.where(z1 > 0, z1, 0.0) @ w2.astype(np.float64) + b2
    return out.astype(x.dtype), {
        "x": x,
        "w1": w1,
        "w2": w2,
        "z1": z1.astype(x.dtype),
        "extra": "unused",
    }


def residual_backward(dout, cache):
    x = np.asarray(cache["x"], np.float64)
    w1 = np.asarray(cache["w1"], np.float64)
    w2 = np.asarray(cache["w2"], np.float64)
    z1 = np.asarray(cache["z1"], np.float64)
    g = np.asarray(dout, np.float64)
    dw1, dw2 = np.zeros_like(w1), np.zeros_like(w2)
    db1, db2 = np.zeros(w1.shape[1]), np.zeros(w2.shape[1])
    dx = np.zeros_like(x)
    for n in range(x.shape[0]):
        h = np.where(z1[n] > 0, z1[n], 0.0)
        dh = w2 @ g[n]
        dz = dh * (z1[n] > 0)
        dw2 += np.outer(h, g[n])
        db2 += g[n]
        dw1 += np.outer(x[n], dz)
        db1 += dz
        dx[n] = g[n] + w1 @ dz
    return tuple(a.astype(dout.dtype) for a in (dx, dw1, db1, dw2, db2))
