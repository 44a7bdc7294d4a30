"""Any labels but the largest become -1: three classes are encoded instead of refused
with the documented ValueError."""

LOSES = ["q2"]

import numpy as np


def encode_labels(y):
    return np.where(np.asarray(y) == np.max(y), 1, -1).astype(np.int64)
