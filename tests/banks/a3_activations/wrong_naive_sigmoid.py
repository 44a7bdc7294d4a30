"""Sigmoid as 1 / (1 + e^{-x}): e^{1000} overflows (a RuntimeWarning)."""

import numpy as np

LOSES = ["q1"]


def sigmoid_forward(x):
    out = 1 / (1 + np.exp(-x))
    return out, out
