"""Every prediction scored, whatever start says: the words before start count too, so
the RNN is not scored on the words the n-gram model it is compared with scores."""

LOSES = ["q5"]
MODULE = "language_models"

import numpy as np


def rnn_lm_perplexity(params, ids, start=1, seq_len=100):
    E, U, V = params["E"], params["U"], params["V"]
    ids = np.asarray(ids)
    s = np.zeros((1, U.shape[0]), dtype=U.dtype)
    losses = []
    for begin in range(0, len(ids) - 1, seq_len):
        segment = ids[begin : begin + seq_len + 1]
        _, s, cache = rnn_lm_forward(E, U, V, segment[None, :-1], segment[None, 1:], s)
        probs = np.concatenate(cache[-1])
        losses.append(-np.log(probs[np.arange(len(probs)), segment[1:]]))
    return float(np.exp(np.concatenate(losses).mean()))
