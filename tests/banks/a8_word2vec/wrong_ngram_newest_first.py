"""The context index makes the newest word the most significant digit (the documented
order is oldest first), so trigram rows are permuted."""

LOSES = ["q5"]
MODULE = "language_models"

import numpy as np


def _contexts(ids, n, V):
    context = np.zeros(len(ids) - n + 1, dtype=np.int64)
    for i in reversed(range(n - 1)):
        context = context * V + ids[i : len(ids) - n + 1 + i]
    return context


def ngram_probabilities(ids, n, vocab_size, k=1.0):
    ids = _check_corpus(ids, vocab_size, n)
    if k < 0:
        raise ValueError("k < 0")
    V = vocab_size
    counts = np.bincount(_contexts(ids, n, V) * V + ids[n - 1 :], minlength=V ** (n - 1) * V)
    counts = counts.reshape(V ** (n - 1), V).astype(np.float64) + k
    totals = counts.sum(axis=1, keepdims=True)
    return np.where(totals > 0, counts / np.where(totals > 0, totals, 1), 1.0 / V)


def ngram_perplexity(table, ids, n):
    table = np.asarray(table, dtype=np.float64)
    V = table.shape[-1]
    if table.shape != (V ** (n - 1), V):
        raise ValueError("bad table")
    ids = _check_corpus(ids, V, n)
    return float(np.exp(-np.mean(np.log(table[_contexts(ids, n, V), ids[n - 1 :]]))))
