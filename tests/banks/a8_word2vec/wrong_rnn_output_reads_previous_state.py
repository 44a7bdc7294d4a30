"""An off-by-one in the states: V's share of step t is taken with s(t-1), the state x(t)
holds, instead of s(t), the state y(t) was computed from."""

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
        dV += dz.T @ xs[t][:, m:]
        da = (dz @ V + ds_next) * s * (1 - s)
        dU += da.T @ xs[t]
        dx = da @ U
        np.add.at(dE, inputs[:, t], dx[:, :m])
        ds_next = dx[:, m:]
    return dE, dU, dV, ds_next
