"""dW as a sum of per-sample outer products with einsum."""

import numpy as np
from scipy.special import expit

LOSES = []


def layer_gradient_norms(x, weights, dout, activation="sigmoid"):
    if activation not in ("relu", "sigmoid"):
        raise ValueError(f"activation must be 'relu' or 'sigmoid', not {activation!r}")
    inputs, derivs, h = [], [], x
    for w in weights:
        inputs.append(h)
        z = np.einsum("nd,dm->nm", h, w)
        h = expit(z) if activation == "sigmoid" else np.where(z > 0, z, 0.0)
        derivs.append(h - h * h if activation == "sigmoid" else (z > 0) * 1.0)
    norms, grad = np.zeros(len(weights)), dout
    for layer in reversed(range(len(weights))):
        dz = grad * derivs[layer]
        dw = np.einsum("nd,nm->dm", inputs[layer], dz)
        norms[layer] = np.sqrt(np.einsum("dm,dm->", dw, dw))
        grad = np.einsum("nm,dm->nd", dz, weights[layer])
    return norms
