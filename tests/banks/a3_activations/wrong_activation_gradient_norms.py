"""Returns the norms of ∂L/∂h_l (activations) instead of ∂L/∂W_l."""

import numpy as np
from scipy.special import expit

LOSES = ["q4"]


def layer_gradient_norms(x, weights, dout, activation="sigmoid"):
    derivs, h = [], x
    for w in weights:
        z = h @ w
        h = expit(z) if activation == "sigmoid" else np.maximum(z, 0)
        derivs.append(h * (1 - h) if activation == "sigmoid" else (z > 0).astype(float))
    norms, grad = np.empty(len(weights)), dout
    for layer in range(len(weights) - 1, -1, -1):
        norms[layer] = np.linalg.norm(grad)
        grad = (grad * derivs[layer]) @ weights[layer].T
    return norms
