"""Noisy ReLU backward takes its mask from x instead of x + noise."""

import numpy as np

LOSES = ["q2"]


def noisy_relu_forward(x, std=1.0, train=True, seed=None):
    z = x
    if train:
        z = x + (np.random.default_rng(seed).standard_normal(x.shape) * std).astype(x.dtype)
    return np.maximum(z, 0), x


def noisy_relu_backward(dout, cache):
    return np.where(cache > 0, dout, 0).astype(dout.dtype)
