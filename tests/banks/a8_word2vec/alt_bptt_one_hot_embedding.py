"""BPTT with the embedding gradient as a one-hot product (eye[words].T @ dx instead of
np.add.at), the output error as probabilities minus one-hot rows."""

LOSES = []
MODULE = "language_models"

import numpy as np


def rnn_lm_backward(cache):
    E, U, V, inputs, targets, s0, xs, states, probs = cache
    B, T = inputs.shape
    m = E.shape[1]
    dE, dU, dV = np.zeros_like(E), np.zeros_like(U), np.zeros_like(V)
    ds = np.zeros_like(s0)
    eye = np.eye(len(E), dtype=E.dtype)
    for t in range(T - 1, -1, -1):
        dz = (probs[t] - eye[targets[:, t]]) / (B * T)
        dV += dz.T @ states[t]
        da = (dz @ V + ds) * states[t] * (1 - states[t])
        dU += da.T @ xs[t]
        dx = da @ U
        dE += eye[inputs[:, t]].T @ dx[:, :m]
        ds = dx[:, m:]
    return dE, dU, dV, ds
