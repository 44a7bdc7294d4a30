"""Softplus as log(1 + e^x): e^{1000} overflows and the result is inf."""

import numpy as np

LOSES = ["q2"]


def softplus_forward(x):
    return np.log(1 + np.exp(x)), x
