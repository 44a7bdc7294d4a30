"""E = -log y[target] from a stable softmax: y underflows to 0 for large scores and the log
gives inf (log of 0) instead of the finite -u_O + log Σ exp(u_j)."""

LOSES = ["q1"]

import numpy as np


def cbow_forward(W, W_prime, context, target):
    h = cbow_hidden(W, context)
    u = h @ W_prime.T
    z = np.exp(u - u.max(axis=1, keepdims=True))
    y = z / z.sum(axis=1, keepdims=True)
    E = -np.log(y[np.arange(len(target)), target])
    return E, h, y
