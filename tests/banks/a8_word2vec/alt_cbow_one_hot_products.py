"""CBOW written with the lecture's one-hot products: X (B, V) holds each example's context
counts divided by C, so h = X W (the slide's (1/C) W·(x_1 + ... + x_C)) and the input
vectors' update is the dense product X^T EH; log-sum-exp from np.logaddexp.reduce."""

LOSES = []

import numpy as np


def _one_hot_mean(context, V, dtype):
    B, C = context.shape
    X = np.zeros((B, V), dtype=dtype)
    np.add.at(X, (np.repeat(np.arange(B), C), context.ravel()), 1.0)
    return X / dtype.type(C)


def cbow_hidden(W, context):
    return _one_hot_mean(context, len(W), W.dtype) @ W


def cbow_forward(W, W_prime, context, target):
    h = cbow_hidden(W, context)
    u = h @ W_prime.T
    log_z = np.logaddexp.reduce(u, axis=1)
    y = np.exp(u - log_z[:, None])
    return (log_z - u[np.arange(len(target)), target]).astype(W.dtype), h, y.astype(W.dtype)


def cbow_update(W, W_prime, context, h, e, EH, eta):
    X = _one_hot_mean(context, len(W), W.dtype)
    return (W - eta * (X.T @ EH)).astype(W.dtype), (W_prime - eta * (e.T @ h)).astype(W_prime.dtype)
