"""Stores only pre-activations, recomputes the derivatives going back (σ(z)σ(−z), heaviside)."""

import numpy as np
from scipy.special import expit

LOSES = []


def layer_gradient_norms(x, weights, dout, activation="sigmoid"):
    if activation not in ("relu", "sigmoid"):
        raise ValueError(f"activation must be 'relu' or 'sigmoid', not {activation!r}")
    hs, zs = [x], []
    for w in weights:
        zs.append(hs[-1] @ w)
        hs.append(expit(zs[-1]) if activation == "sigmoid" else np.maximum(zs[-1], 0))
    norms = []
    grad = dout
    for w, z, h_in in zip(weights[::-1], zs[::-1], hs[-2::-1], strict=True):
        if activation == "sigmoid":
            dz = grad * expit(z) * expit(-z)
        else:
            dz = grad * np.heaviside(z, 0.0)
        norms.append(np.sqrt(np.sum((h_in.T @ dz) ** 2)))
        grad = dz @ w.T
    return np.array(norms[::-1])
