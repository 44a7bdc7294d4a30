"""The mean of the segments' mean losses: a last segment shorter than seq_len weighs as
much as a full one, so its few words count too much (right only when seq_len divides the
number of scored words)."""

LOSES = ["q5"]
MODULE = "language_models"

import numpy as np


def rnn_lm_perplexity(params, ids, start=1, seq_len=100):
    E, U, V = params["E"], params["U"], params["V"]
    ids = np.asarray(ids)
    s = np.zeros((1, U.shape[0]), dtype=U.dtype)
    if start > 1:  # read the history of the first scored word, unscored
        _, s, _ = rnn_lm_forward(E, U, V, ids[None, : start - 1], ids[None, 1:start], s)
    means = []
    for begin in range(start - 1, len(ids) - 1, seq_len):
        segment = ids[begin : begin + seq_len + 1]
        loss, s, _ = rnn_lm_forward(E, U, V, segment[None, :-1], segment[None, 1:], s)
        means.append(loss)
    return float(np.exp(np.mean(means)))
