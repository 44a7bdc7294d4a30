"""BPTT forgets the error that s(t+1) sends back to s(t): each step's gradient stops at its
own state (truncation to one step)."""

LOSES = ["q5"]
MODULE = "language_models"

import numpy as np


def rnn_lm_backward(cache):
    E, U, V, inputs, targets, s0, xs, states, probs = cache
    B, T = inputs.shape
    m = E.shape[1]
    dE, dU, dV = np.zeros_like(E), np.zeros_like(U), np.zeros_like(V)
    rows = np.arange(B)
    dx = np.zeros((B, U.shape[1]), dtype=E.dtype)
    for t in reversed(range(T)):
        dz = probs[t].copy()
        dz[rows, targets[:, t]] -= 1
        dz /= B * T
        s = states[t]
        dV += dz.T @ s
        da = (dz @ V) * s * (1 - s)
        dU += da.T @ xs[t]
        dx = da @ U
        np.add.at(dE, inputs[:, t], dx[:, :m])
    return dE, dU, dV, dx[:, m:]
