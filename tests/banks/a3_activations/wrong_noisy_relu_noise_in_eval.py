"""Noisy ReLU adds noise in evaluation mode too."""

import numpy as np

LOSES = ["q2"]


def noisy_relu_forward(x, std=1.0, train=True, seed=None):
    z = x + (np.random.default_rng(seed).standard_normal(x.shape) * std).astype(x.dtype)
    return np.maximum(z, 0), z
