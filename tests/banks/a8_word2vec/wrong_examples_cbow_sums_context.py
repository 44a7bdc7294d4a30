"""CBOW's examples weigh every context word 1 instead of 1/C: h is the sum of the context
vectors instead of their mean, and every context word receives the whole of dh."""

LOSES = ["q3"]

import numpy as np


def word2vec_examples(centres, contexts, model):
    if model == "cbow":
        keep = (contexts >= 0).any(axis=1)
        inputs = np.maximum(contexts[keep], 0)
        return inputs, (contexts[keep] >= 0).astype(np.float32), centres[keep]
    where = np.nonzero(contexts >= 0)
    inputs = centres[where[0], None]
    return inputs, np.ones(inputs.shape, dtype=np.float32), contexts[where]
