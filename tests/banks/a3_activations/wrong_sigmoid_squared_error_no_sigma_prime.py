"""The gradient with respect to z forgets the chain rule through σ: (σ(z) − d) / N, which is
the cross-entropy's gradient, not the squared error's."""

import numpy as np

LOSES = ["q1"]


def sigmoid_squared_error(z, d):
    p, _ = sigmoid_forward(z)
    n = z.shape[0]
    return 0.5 * float(np.sum((p - d) ** 2)) / n, ((p - d) / n).astype(z.dtype)
