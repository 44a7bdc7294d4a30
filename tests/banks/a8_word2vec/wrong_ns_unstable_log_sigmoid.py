"""-log(1 / (1 + exp(-z))) computed literally: exp overflows for large negative scores and
log(0) appears for large positive ones."""

LOSES = ["q3"]

import numpy as np


def negative_sampling_loss(h, W_prime, targets, negatives):
    rows = np.concatenate([targets[:, None], negatives], axis=1)
    vecs = W_prime[rows]
    scores = np.einsum("bkn,bn->bk", vecs, h)
    sign = np.ones(rows.shape, dtype=h.dtype)
    sign[:, 0] = -1
    sig = 1 / (1 + np.exp(sign * scores))  # σ(-sign * score)
    E = -np.log(sig).sum(axis=1)
    g = sign * (1 - sig)
    return E, np.einsum("bk,bkn->bn", g, vecs), g[:, :, None] * h[:, None, :]
