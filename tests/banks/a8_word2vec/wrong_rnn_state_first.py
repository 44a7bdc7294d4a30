"""x(t) = [s(t-1), w(t)]: the state is put before the word embedding, so U's columns are
read in the wrong order."""

LOSES = ["q5"]
MODULE = "language_models"

import numpy as np


def rnn_lm_forward(E, U, V, inputs, targets, s0):
    B, T = inputs.shape
    s, xs, states, probs, loss = s0, [], [], [], 0.0
    rows = np.arange(B)
    H = s0.shape[1]
    for t in range(T):
        x = np.concatenate([s, E[inputs[:, t]]], axis=1)
        s = np.exp(-np.logaddexp(0, -(x @ U.T)))
        z = s @ V.T
        z = z - z.max(axis=1, keepdims=True)
        log_y = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss -= log_y[rows, targets[:, t]].sum()
        xs.append(np.concatenate([x[:, H:], x[:, :H]], axis=1))
        states.append(s)
        probs.append(np.exp(log_y))
    return float(loss / (B * T)), s, (E, U, V, inputs, targets, s0, xs, states, probs)
