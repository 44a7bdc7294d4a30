"""The update modifies W and W_prime in place and returns them."""

LOSES = ["q2"]

import numpy as np


def cbow_update(W, W_prime, context, h, e, EH, eta):
    C = context.shape[1]
    W_prime -= eta * (e.T @ h)
    np.add.at(W, context, -(eta / C) * EH[:, None, :])
    return W, W_prime
