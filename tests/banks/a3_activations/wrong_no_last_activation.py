"""Backward skips the activation derivative of the last layer."""

import numpy as np
from scipy.special import expit

LOSES = ["q4"]


def layer_gradient_norms(x, weights, dout, activation="sigmoid"):
    inputs, derivs, h = [], [], x
    for w in weights:
        inputs.append(h)
        z = h @ w
        h = expit(z) if activation == "sigmoid" else np.maximum(z, 0)
        derivs.append(h * (1 - h) if activation == "sigmoid" else (z > 0).astype(float))
    derivs[-1] = np.ones_like(derivs[-1])
    norms, grad = np.empty(len(weights)), dout
    for layer in range(len(weights) - 1, -1, -1):
        dz = grad * derivs[layer]
        norms[layer] = np.linalg.norm(inputs[layer].T @ dz)
        grad = dz @ weights[layer].T
    return norms
