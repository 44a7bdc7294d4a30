"""Binary cross-entropy gradient with the sign flipped: (d − σ(z)) / N."""

import numpy as np

LOSES = ["q3"]


def binary_cross_entropy_with_logits(z, d):
    n = z.shape[0]
    loss = np.maximum(z, 0) - z * d + np.log1p(np.exp(-np.abs(z)))
    p = 0.5 * (1 + np.tanh(0.5 * z))
    return float(np.sum(loss)) / n, ((d - p) / n).astype(z.dtype)
