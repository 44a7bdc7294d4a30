"""Follows the slide's typo literally: the context words' *output* vectors v' get the
-(1/C) η EH update, and the input vectors W never move."""

LOSES = ["q2"]

import numpy as np


def cbow_update(W, W_prime, context, h, e, EH, eta):
    C = context.shape[1]
    W_prime_new = W_prime - eta * (e.T @ h)
    step = (eta / C) * EH
    np.add.at(W_prime_new, context, -step[:, None, :])
    return W.copy(), W_prime_new
