"""One over the mean probability of the scored words: the arithmetic mean of the
probabilities instead of their geometric mean (exp of the mean log), always the smaller
perplexity, equal only when every word has the same probability."""

LOSES = ["q5"]
MODULE = "language_models"

import numpy as np


def rnn_lm_perplexity(params, ids, start=1, seq_len=100):
    E, U, V = params["E"], params["U"], params["V"]
    ids = np.asarray(ids)
    s = np.zeros((1, U.shape[0]), dtype=U.dtype)
    chosen = []
    for begin in range(0, len(ids) - 1, seq_len):
        segment = ids[begin : begin + seq_len + 1]
        _, s, cache = rnn_lm_forward(E, U, V, segment[None, :-1], segment[None, 1:], s)
        probs = np.concatenate(cache[-1])
        chosen.append(probs[np.arange(len(probs)), segment[1:]])
    return float(1.0 / np.concatenate(chosen)[start - 1 :].mean())
