"""Segments cut as ids[begin : begin + seq_len], read within themselves: the word after
a segment's last word is never predicted from it (one prediction lost at every boundary),
and the next segment reads that word as the successor of the previous one's last."""

LOSES = ["q5"]
MODULE = "language_models"

import numpy as np


def rnn_lm_perplexity(params, ids, start=1, seq_len=100):
    E, U, V = params["E"], params["U"], params["V"]
    ids = np.asarray(ids)
    s = np.zeros((1, U.shape[0]), dtype=U.dtype)
    losses = []
    for begin in range(0, len(ids), seq_len):
        segment = ids[begin : begin + seq_len]
        if len(segment) < 2:
            continue
        _, s, cache = rnn_lm_forward(E, U, V, segment[None, :-1], segment[None, 1:], s)
        probs = np.concatenate(cache[-1])
        losses.append(-np.log(probs[np.arange(len(probs)), segment[1:]]))
    losses = np.concatenate(losses)[start - 1 :]
    return float(np.exp(losses.mean())) if len(losses) else 1.0
