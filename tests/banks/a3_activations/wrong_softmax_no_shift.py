"""Softmax without subtracting the row maximum: e^{1000} overflows."""

import numpy as np

LOSES = ["q3"]


def softmax_cross_entropy(scores, y):
    n = scores.shape[0]
    e = np.exp(scores)
    p = e / e.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(p[np.arange(n), y]))
    p[np.arange(n), y] -= 1
    return float(loss), (p / n).astype(scores.dtype)
