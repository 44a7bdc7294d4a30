"""Backward ignores the ReLU: the gradient flows through units that were off."""

LOSES = ["q4"]

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def residual_backward(dout, cache):
    x, w1, w2, z1 = cache["x"], cache["w1"], cache["w2"], cache["z1"]
    dz1 = dout @ w2.T
    return (
        dout + dz1 @ w1.T,
        x.T @ dz1,
        dz1.sum(axis=0),
        np.maximum(z1, 0).T @ dout,
        dout.sum(axis=0),
    )
