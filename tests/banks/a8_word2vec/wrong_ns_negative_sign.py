"""The negatives' term uses log σ(+v'_n·h) instead of log σ(-v'_n·h): noise words are
pulled towards h instead of pushed away."""

LOSES = ["q3"]

import numpy as np


def negative_sampling_loss(h, W_prime, targets, negatives):
    rows = np.concatenate([targets[:, None], negatives], axis=1)
    vecs = W_prime[rows]
    scores = np.einsum("bkn,bn->bk", vecs, h)
    E = np.logaddexp(0, -scores).sum(axis=1).astype(h.dtype)
    g = (-1 / (1 + np.exp(np.clip(scores, -500, 500)))).astype(h.dtype)
    return E, np.einsum("bk,bkn->bn", g, vecs), g[:, :, None] * h[:, None, :]
