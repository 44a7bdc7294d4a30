"""CBOW divides by the number of slots, 2 * window, instead of the number of context words
the example has: near the edge of a sentence h shrinks towards zero."""

LOSES = ["q3"]

import numpy as np


def word2vec_examples(centres, contexts, model):
    if model == "cbow":
        keep = (contexts >= 0).any(axis=1)
        weights = (contexts[keep] >= 0) / contexts.shape[1]
        return np.maximum(contexts[keep], 0), weights.astype(np.float32), centres[keep]
    where = np.nonzero(contexts >= 0)
    inputs = centres[where[0], None]
    return inputs, np.ones(inputs.shape, dtype=np.float32), contexts[where]
