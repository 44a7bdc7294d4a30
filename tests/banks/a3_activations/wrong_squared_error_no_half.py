"""Squared error without the lecture's ½ (loss and gradient twice too big)."""

import numpy as np

LOSES = ["q3"]


def squared_error(y, d):
    diff = y - d
    return float(np.sum(diff**2)) / y.shape[0], 2 * diff / y.shape[0]
