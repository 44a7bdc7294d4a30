"""The state's derivative taken as tanh's, 1 - s(t)² (assignment 7's RNN), instead of the
lecture's sigmoid f' = f (1 - f)."""

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
        dz /= B * T
        s = states[t]
        dV += dz.T @ s
        da = (dz @ V + ds_next) * (1 - s**2)
        dU += da.T @ xs[t]
        dx = da @ U
        np.add.at(dE, inputs[:, t], dx[:, :m])
        ds_next = dx[:, m:]
    return dE, dU, dV, ds_next
