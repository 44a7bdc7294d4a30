"""Forward returns F(x) alone: a plain (non-residual) two-layer block."""

LOSES = ["q4"]

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def residual_forward(x, w1, b1, w2, b2):
    z1 = x @ w1 + b1
    return np.maximum(z1, 0) @ w2 + b2, {"x": x, "w1": w1, "w2": w2, "z1": z1}
