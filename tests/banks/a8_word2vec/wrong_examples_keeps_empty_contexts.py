"""CBOW keeps the words that have no context word (a one-word sentence): their weights are
0/0, NaN, and the first NaN spreads through W."""

LOSES = ["q3"]

import numpy as np


def word2vec_examples(centres, contexts, model):
    if model == "cbow":
        size = (contexts >= 0).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            weights = ((contexts >= 0) / size[:, None]).astype(np.float32)
        return np.maximum(contexts, 0), weights, centres
    where = np.nonzero(contexts >= 0)
    inputs = centres[where[0], None]
    return inputs, np.ones(inputs.shape, dtype=np.float32), contexts[where]
