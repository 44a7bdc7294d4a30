"""dW computed with the layer's output h_l instead of its input h_{l-1}."""

import numpy as np
from scipy.special import expit

LOSES = ["q4"]


def layer_gradient_norms(x, weights, dout, activation="sigmoid"):
    outputs, derivs, h = [], [], x
    for w in weights:
        z = h @ w
        h = expit(z) if activation == "sigmoid" else np.maximum(z, 0)
        outputs.append(h)
        derivs.append(h * (1 - h) if activation == "sigmoid" else (z > 0).astype(float))
    norms, grad = np.empty(len(weights)), dout
    for layer in range(len(weights) - 1, -1, -1):
        dz = grad * derivs[layer]
        norms[layer] = np.linalg.norm(outputs[layer].T @ dz)
        grad = dz @ weights[layer].T
    return norms
