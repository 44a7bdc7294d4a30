"""e is y itself with 1 subtracted in place: the caller's y is modified."""

LOSES = ["q2"]

import numpy as np


def cbow_backward(y, target, W_prime):
    e = y
    e[np.arange(len(target)), target] -= 1
    return e, e @ W_prime
