"""Any activation name but "sigmoid" silently means ReLU, instead of the documented
ValueError."""

import numpy as np
from scipy.special import expit

LOSES = ["q4"]


def layer_gradient_norms(x, weights, dout, activation="sigmoid"):
    inputs, derivs, h = [], [], x
    for w in weights:
        inputs.append(h)
        z = h @ w
        if activation == "sigmoid":
            h = expit(z)
            derivs.append(h * (1 - h))
        else:
            h = np.maximum(z, 0)
            derivs.append((z > 0).astype(z.dtype))
    norms, grad = np.empty(len(weights)), dout
    for layer in range(len(weights) - 1, -1, -1):
        dz = grad * derivs[layer]
        norms[layer] = np.linalg.norm(inputs[layer].T @ dz)
        grad = dz @ weights[layer].T
    return norms
