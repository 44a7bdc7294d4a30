"""With k = 0 a context never seen divides 0 by 0: its row is NaN instead of uniform."""

LOSES = ["q5"]
MODULE = "language_models"

import numpy as np


def ngram_probabilities(ids, n, vocab_size, k=1.0):
    ids = _check_corpus(ids, vocab_size, n)
    if k < 0:
        raise ValueError("k < 0")
    V = vocab_size
    context = np.zeros(len(ids) - n + 1, dtype=np.int64)
    for i in range(n - 1):
        context = context * V + ids[i : len(ids) - n + 1 + i]
    counts = np.bincount(context * V + ids[n - 1 :], minlength=V ** (n - 1) * V)
    counts = counts.reshape(V ** (n - 1), V).astype(np.float64) + k
    with np.errstate(invalid="ignore"):
        return counts / counts.sum(axis=1, keepdims=True)
