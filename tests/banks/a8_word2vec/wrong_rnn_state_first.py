"""The error at x(t) = [w(t), s(t-1)] is split as if the state came first: its first H
columns are sent to s(t-1) and the last m to the embeddings, so U's columns are read in the
wrong order."""

LOSES = ["q5"]
MODULE = "language_models"

import numpy as np


def rnn_lm_backward(cache):
    E, U, V, inputs, targets, s0, xs, states, probs = cache
    B, T = inputs.shape
    H = s0.shape[1]
    dE, dU, dV = np.zeros_like(E), np.zeros_like(U), np.zeros_like(V)
    ds_next = np.zeros_like(s0)
    rows = np.arange(B)
    for t in reversed(range(T)):
        dz = probs[t].copy()
        dz[rows, targets[:, t]] -= 1
        dz /= B * T
        s = states[t]
        dV += dz.T @ s
        da = (dz @ V + ds_next) * s * (1 - s)
        dU += da.T @ xs[t]
        dx = da @ U
        np.add.at(dE, inputs[:, t], dx[:, H:])
        ds_next = dx[:, :H]
    return dE, dU, dV, ds_next
