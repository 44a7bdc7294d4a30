"""Noisy ReLU ignores the seed and draws from numpy's global generator."""

import numpy as np

LOSES = ["q2"]


def noisy_relu_forward(x, std=1.0, train=True, seed=None):
    z = x
    if train:
        z = x + (np.random.randn(*x.shape) * std).astype(x.dtype)
    return np.maximum(z, 0), z
