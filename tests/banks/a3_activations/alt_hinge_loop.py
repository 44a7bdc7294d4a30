"""The hinge loss sample by sample in a loop; σ for the squared error through the tanh
identity σ(z) = ½(1 + tanh(z/2))."""

import numpy as np

LOSES = []


def multiclass_hinge(scores, y, margin=1.0):
    n, c = scores.shape
    grad = np.zeros(scores.shape)
    total = 0.0
    for i in range(n):
        for k in range(c):
            if k != y[i] and scores[i, k] - scores[i, y[i]] + margin > 0:
                total += scores[i, k] - scores[i, y[i]] + margin
                grad[i, k] += 1 / n
                grad[i, y[i]] -= 1 / n
    return float(total) / n, grad.astype(scores.dtype)


def sigmoid_squared_error(z, d):
    p = 0.5 * (1 + np.tanh(0.5 * z))
    n = len(z)
    return float(np.mean(0.5 * (p - d) ** 2)), ((p - d) * p * (1 - p) / n).astype(z.dtype)
