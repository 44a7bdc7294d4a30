"""Tanh from its definition (e^x − e^{-x}) / (e^x + e^{-x}): inf / inf at ±1e3."""

import numpy as np

LOSES = ["q1"]


def tanh_forward(x):
    out = (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
    return out, out
