"""encode_labels writes the encoding into the caller's label array and returns it: the
result is right, but the caller's labels are overwritten."""

LOSES = ["q2"]

import numpy as np


def encode_labels(y):
    y = np.asarray(y)
    classes = np.unique(y)
    if classes.size != 2:
        raise ValueError(f"expected labels of exactly two classes, found {classes.size}")
    larger = y == classes[1]
    y[larger] = 1
    y[~larger] = -1
    return y.astype(np.int64)
