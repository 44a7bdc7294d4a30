"""Sigmoid derivative taken as σ(z) instead of σ(z)(1 − σ(z))."""

import numpy as np
from scipy.special import expit

LOSES = ["q4"]


def layer_gradient_norms(x, weights, dout, activation="sigmoid"):
    inputs, derivs, h = [], [], x
    for w in weights:
        inputs.append(h)
        z = h @ w
        h = expit(z) if activation == "sigmoid" else np.maximum(z, 0)
        derivs.append(h if activation == "sigmoid" else (z > 0).astype(float))
    norms, grad = np.empty(len(weights)), dout
    for layer in range(len(weights) - 1, -1, -1):
        dz = grad * derivs[layer]
        norms[layer] = np.linalg.norm(inputs[layer].T @ dz)
        grad = dz @ weights[layer].T
    return norms
