"""Only the target's output vector v'_{w_O} moves; the slide updates every v'_{w_j}, j = 1..V."""

LOSES = ["q2"]

import numpy as np


def cbow_update(W, W_prime, context, h, e, EH, eta):
    C = context.shape[1]
    W_prime_new = W_prime.copy()
    target = e.argmin(axis=1)  # the only negative entry of e = y - t
    np.add.at(W_prime_new, target, -eta * e[np.arange(len(e)), target][:, None] * h)
    W_new = W.copy()
    np.add.at(W_new, context, -(eta / C) * EH[:, None, :])
    return W_new, W_prime_new
