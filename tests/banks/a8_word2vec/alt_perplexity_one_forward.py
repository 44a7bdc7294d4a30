"""The whole text in one forward (seq_len ignored: the same value, more memory), the
scored words' losses as log-softmax of the scores recomputed from the cache's states."""

LOSES = []
MODULE = "language_models"

import numpy as np


def rnn_lm_perplexity(params, ids, start=1, seq_len=100):
    E, U, V = params["E"], params["U"], params["V"]
    ids = np.asarray(ids)
    s0 = np.zeros((1, U.shape[0]))
    cache = rnn_lm_forward(E, U, V, ids[None, :-1], ids[None, 1:], s0)[2]
    scores = np.concatenate(cache[7]) @ V.T
    log_y = scores - scores.max(axis=1, keepdims=True)
    log_y -= np.log(np.exp(log_y).sum(axis=1, keepdims=True))
    nll = -log_y[np.arange(len(ids) - 1), ids[1:]]
    return float(np.exp(np.mean(nll[start - 1 :])))
