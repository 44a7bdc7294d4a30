"""The loss and gradient are summed over the batch, not averaged."""

import numpy as np

LOSES = ["q1"]


def sigmoid_squared_error(z, d):
    p, _ = sigmoid_forward(z)
    diff = p - d
    return 0.5 * float(np.sum(diff**2)), (diff * p * (1 - p)).astype(z.dtype)
