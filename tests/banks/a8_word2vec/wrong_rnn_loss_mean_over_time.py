"""The gradients of a loss averaged over the T steps but summed over the B sequences: each
step's output error is divided by T instead of B·T, so every gradient is B times too large
(right only for a single sequence)."""

LOSES = ["q5"]
MODULE = "language_models"

import numpy as np


def rnn_lm_backward(cache):
    E, U, V, inputs, targets, s0, xs, states, probs = cache
    B, T = inputs.shape
    m = E.shape[1]
    dE, dU, dV = np.zeros_like(E), np.zeros_like(U), np.zeros_like(V)
    ds_next = np.zeros_like(s0)
    rows = np.arange(B)
    for t in reversed(range(T)):
        dz = probs[t].copy()
        dz[rows, targets[:, t]] -= 1
        dz /= T
        s = states[t]
        dV += dz.T @ s
        da = (dz @ V + ds_next) * s * (1 - s)
        dU += da.T @ xs[t]
        dx = da @ U
        np.add.at(dE, inputs[:, t], dx[:, :m])
        ds_next = dx[:, m:]
    return dE, dU, dV, ds_next
