"""Squared error summed over the batch instead of averaged."""

import numpy as np

LOSES = ["q3"]


def squared_error(y, d):
    diff = y - d
    return 0.5 * float(np.sum(diff**2)), diff
