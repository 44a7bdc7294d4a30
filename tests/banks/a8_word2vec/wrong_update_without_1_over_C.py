"""Every context word's input vector moves by η EH instead of (1/C) η EH."""

LOSES = ["q2"]

import numpy as np


def cbow_update(W, W_prime, context, h, e, EH, eta):
    W_prime_new = W_prime - eta * (e.T @ h)
    W_new = W.copy()
    np.add.at(W_new, context, -eta * EH[:, None, :])
    return W_new, W_prime_new
