"""Perplexity as the mean of 1/P(w_t | h) instead of exp of the mean of -log P: right for
the uniform model only."""

LOSES = ["q5"]
MODULE = "language_models"

import numpy as np


def ngram_perplexity(table, ids, n):
    table = np.asarray(table, dtype=np.float64)
    V = table.shape[-1]
    if table.shape != (V ** (n - 1), V):
        raise ValueError("bad table")
    ids = _check_corpus(ids, V, n)
    context = np.zeros(len(ids) - n + 1, dtype=np.int64)
    for i in range(n - 1):
        context = context * V + ids[i : len(ids) - n + 1 + i]
    return float(np.mean(1.0 / table[context, ids[n - 1 :]]))
