"""No per-word losses: the history before start read by one forward whose loss is
dropped, then each segment's mean loss times its number of predictions, summed, over the
number of scored words."""

LOSES = []
MODULE = "language_models"

import numpy as np


def rnn_lm_perplexity(params, ids, start=1, seq_len=100):
    E, U, V = params["E"], params["U"], params["V"]
    ids = np.asarray(ids)
    s = np.zeros((1, U.shape[0]), dtype=U.dtype)
    if start > 1:
        _, s, _ = rnn_lm_forward(E, U, V, ids[None, : start - 1], ids[None, 1:start], s)
    total = 0.0
    for begin in range(start - 1, len(ids) - 1, seq_len):
        segment = ids[begin : begin + seq_len + 1]
        loss, s, _ = rnn_lm_forward(E, U, V, segment[None, :-1], segment[None, 1:], s)
        total += loss * (len(segment) - 1)
    return float(np.exp(total / (len(ids) - start)))
