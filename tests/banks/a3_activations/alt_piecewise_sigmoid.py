"""Stable sigmoid by cases on the sign of x, e^{-|x|} only; ReLU as x * (x > 0)."""

import numpy as np

LOSES = []


def sigmoid_forward(x):
    e = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype)
    return out, x


def sigmoid_backward(dout, cache):
    e = np.exp(-np.abs(cache))
    s = np.where(cache >= 0, 1 / (1 + e), e / (1 + e))
    return (dout * s * (1 - s)).astype(dout.dtype)


def relu_forward(x):
    mask = x > 0
    return x * mask, mask


def relu_backward(dout, cache):
    return dout * cache
