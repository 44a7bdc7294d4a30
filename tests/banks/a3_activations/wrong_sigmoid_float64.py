"""Sigmoid computed and returned in float64 for float32 input."""

import numpy as np

LOSES = ["q1"]


def sigmoid_forward(x):
    out = 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=np.float64)))
    return out, out
