"""The state's sigmoid is written 1 / (1 + exp(-a)): right values, but exp overflows (a
warning, an inf on the way) when a pre-activation is a large negative number."""

LOSES = ["q5"]
MODULE = "language_models"

import numpy as np


def rnn_lm_forward(E, U, V, inputs, targets, s0):
    B, T = inputs.shape
    s, xs, states, probs, loss = s0, [], [], [], 0.0
    rows = np.arange(B)
    for t in range(T):
        x = np.concatenate([E[inputs[:, t]], s], axis=1)
        s = 1 / (1 + np.exp(-(x @ U.T)))
        z = s @ V.T
        z = z - z.max(axis=1, keepdims=True)
        log_y = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss -= log_y[rows, targets[:, t]].sum()
        xs.append(x)
        states.append(s)
        probs.append(np.exp(log_y))
    return float(loss / (B * T)), s, (E, U, V, inputs, targets, s0, xs, states, probs)
