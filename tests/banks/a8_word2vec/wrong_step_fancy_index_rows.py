"""The step updates rows with W[rows] -= values (fancy indexing): a word that occurs
several times in a minibatch, as frequent words and repeated noise words do, receives one
of its updates only."""

LOSES = ["q3"]

import numpy as np


def negative_sampling_step(W, W_prime, inputs, weights, outputs, eta):
    h = np.einsum("bc,bcn->bn", weights, W[inputs])
    E, dh, d_rows = negative_sampling_loss(h, W_prime, outputs[:, 0], outputs[:, 1:])
    W_new, W_prime_new = W.copy(), W_prime.copy()
    W_prime_new[outputs] -= eta * d_rows
    W_new[inputs] -= eta * weights[:, :, None] * dh[:, None, :]
    return W_new, W_prime_new, float(E.sum())
