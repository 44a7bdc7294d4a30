"""Softmax without subtracting the row maximum: e^{1000} overflows."""

import numpy as np

LOSES = ["q3"]


def soft_cross_entropy(scores, d):
    n = scores.shape[0]
    e = np.exp(scores)
    p = e / e.sum(axis=1, keepdims=True)
    loss = -np.sum(d * np.log(p)) / n
    return float(loss), ((p - d) / n).astype(scores.dtype)
