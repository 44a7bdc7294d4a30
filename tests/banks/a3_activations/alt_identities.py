"""Other correct formulations of q2.

ELU backward via the identity f' = f + alpha; the noisy ReLU adds the noise in float64 and
casts the sum.
"""

import numpy as np

LOSES = []


def elu_forward(x, alpha=1.0):
    out = np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))).astype(x.dtype)
    return out, (x, out, alpha)


def elu_backward(dout, cache):
    x, out, alpha = cache
    return np.where(x > 0, dout, dout * (out + alpha)).astype(dout.dtype)


def noisy_relu_forward(x, std=1.0, train=True, seed=None):
    z = x
    if train:
        z = (x + np.random.default_rng(seed).standard_normal(x.shape) * std).astype(x.dtype)
    return np.maximum(z, 0), z > 0


def noisy_relu_backward(dout, cache):
    return dout * cache
