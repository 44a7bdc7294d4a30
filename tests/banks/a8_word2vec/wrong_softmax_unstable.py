"""The softmax exponentiates the raw scores: exp(1000) overflows to inf and y becomes NaN."""

LOSES = ["q1"]

import numpy as np


def cbow_forward(W, W_prime, context, target):
    h = cbow_hidden(W, context)
    u = h @ W_prime.T
    z = np.exp(u)
    y = z / z.sum(axis=1, keepdims=True)
    E = -u[np.arange(len(target)), target] + np.log(z.sum(axis=1))
    return E, h, y
