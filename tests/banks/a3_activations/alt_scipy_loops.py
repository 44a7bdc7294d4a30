"""Sigmoid from scipy.special.expit; tanh and its derivative element by element in a Python loop."""

import math

import numpy as np
from scipy.special import expit

LOSES = []


def sigmoid_forward(x):
    out = expit(x)
    return out, out


def tanh_forward(x):
    flat = np.array([math.tanh(v) for v in np.asarray(x, dtype=np.float64).ravel()])
    out = flat.reshape(x.shape).astype(x.dtype)
    return out, out


def tanh_backward(dout, cache):
    dx = np.empty_like(dout)
    for i in np.ndindex(dout.shape):
        dx[i] = dout[i] * (1 - cache[i] ** 2)
    return dx
