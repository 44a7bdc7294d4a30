"""The step as a student writes it: h by einsum, the gradients from negative_sampling_loss,
both updates with np.add.at on new arrays (no in-place update, no matrix of the words)."""

LOSES = []

import numpy as np


def negative_sampling_step(W, W_prime, inputs, weights, outputs, eta):
    h = np.einsum("bc,bcn->bn", weights, W[inputs])
    E, dh, d_rows = negative_sampling_loss(h, W_prime, outputs[:, 0], outputs[:, 1:])
    W_new, W_prime_new = W.copy(), W_prime.copy()
    np.add.at(W_prime_new, outputs, -eta * d_rows)
    np.add.at(W_new, inputs, -eta * weights[:, :, None] * dh[:, None, :])
    return W_new, W_prime_new, float(E.sum())
