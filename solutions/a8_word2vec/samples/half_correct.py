"""A sample submission: the CBOW forward pass, negative sampling and the trainer are right,
but the update applies W[context] -= ... with fancy indexing, so a word repeated in a
context (or shared by two examples) moves once instead of once per occurrence, and the
noise distribution forgets the 3/4 power."""

LOSES = ["q2", "q3"]

import numpy as np


def cbow_update(W, W_prime, context, h, e, EH, eta):
    C = context.shape[1]
    W_new = W.copy()
    W_new[context] -= (eta / C) * EH[:, None, :]
    return W_new, W_prime - eta * (e.T @ h)


def noise_distribution(counts, power=0.75):
    counts = np.asarray(counts, dtype=np.float64)
    if (counts < 0).any() or counts.sum() == 0:
        raise ValueError("counts must be >= 0 and not all zero")
    return counts / counts.sum()
