"""σ computed as 1 / (1 + e^{−z}): e^{1000} overflows for z = −1000."""

import numpy as np

LOSES = ["q1"]


def sigmoid_squared_error(z, d):
    p = 1 / (1 + np.exp(-z))
    n = z.shape[0]
    diff = p - d
    return 0.5 * float(np.sum(diff**2)) / n, (diff * p * (1 - p) / n).astype(z.dtype)
