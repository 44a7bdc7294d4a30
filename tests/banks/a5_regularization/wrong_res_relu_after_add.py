"""Original ResNet's ReLU after the addition, y = relu(x + F(x)), not the block asked for."""

LOSES = ["q4"]

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def residual_forward(x, w1, b1, w2, b2):
    z1 = x @ w1 + b1
    out = np.maximum(x + np.maximum(z1, 0) @ w2 + b2, 0)
    return out, {"x": x, "w1": w1, "w2": w2, "z1": z1, "out": out}


def residual_backward(dout, cache):
    x, w1, w2, z1 = cache["x"], cache["w1"], cache["w2"], cache["z1"]
    # Recompute the output from the documented keys (the grader's caches have no "out").
    b2_free = x + np.maximum(z1, 0) @ w2
    g = dout * (b2_free > 0)
    dz1 = (g @ w2.T) * (z1 > 0)
    return g + dz1 @ w1.T, x.T @ dz1, dz1.sum(axis=0), np.maximum(z1, 0).T @ g, g.sum(axis=0)
