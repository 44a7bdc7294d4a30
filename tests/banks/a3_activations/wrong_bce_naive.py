"""Binary cross-entropy through p = σ(z) and log p: log(0) = -inf at |z| = 1e3."""

import numpy as np

LOSES = ["q3"]


def binary_cross_entropy_with_logits(z, d):
    p = 1 / (1 + np.exp(-z))
    loss = -np.mean(d * np.log(p) + (1 - d) * np.log(1 - p))
    return float(loss), ((p - d) / z.shape[0]).astype(z.dtype)
