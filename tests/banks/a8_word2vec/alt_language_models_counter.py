"""n-gram counts with collections.Counter over tuples, perplexity from log2 (2 ** mean of
-log2 P is the same number), and the embedding gradient of BPTT as a one-hot product."""

LOSES = []
MODULE = "language_models"

from collections import Counter

import numpy as np


def ngram_probabilities(ids, n, vocab_size, k=1.0):
    ids = _check_corpus(ids, vocab_size, n)
    if k < 0:
        raise ValueError("k must be >= 0")
    V = vocab_size
    grams = Counter(tuple(ids[t - n + 1 : t + 1].tolist()) for t in range(n - 1, len(ids)))
    counts = np.full((V ** (n - 1), V), float(k))
    for gram, c in grams.items():
        row = 0
        for w in gram[:-1]:
            row = row * V + w
        counts[row, gram[-1]] += c
    totals = counts.sum(axis=1)
    out = np.full_like(counts, 1.0 / V)
    seen = totals > 0
    out[seen] = counts[seen] / totals[seen, None]
    return out


def ngram_perplexity(table, ids, n):
    table = np.asarray(table, dtype=np.float64)
    V = table.shape[-1]
    if table.ndim != 2 or table.shape[0] != V ** (n - 1):
        raise ValueError("table shape does not match n")
    ids = _check_corpus(ids, V, n)
    logs = []
    for t in range(n - 1, len(ids)):
        row = 0
        for w in ids[t - n + 1 : t]:
            row = row * V + int(w)
        logs.append(np.log2(table[row, ids[t]]))
    return float(2 ** (-np.mean(logs)))


def rnn_lm_backward(cache):
    E, U, V, inputs, targets, s0, xs, states, probs = cache
    B, T = inputs.shape
    m = E.shape[1]
    dE, dU, dV = np.zeros_like(E), np.zeros_like(U), np.zeros_like(V)
    ds = np.zeros_like(s0)
    eye = np.eye(len(E), dtype=E.dtype)
    for t in range(T - 1, -1, -1):
        dz = (probs[t] - eye[targets[:, t]]) / (B * T)
        dV += dz.T @ states[t]
        da = (dz @ V + ds) * states[t] * (1 - states[t])
        dU += da.T @ xs[t]
        dx = da @ U
        dE += eye[inputs[:, t]].T @ dx[:, :m]
        ds = dx[:, m:]
    return dE, dU, dV, ds
