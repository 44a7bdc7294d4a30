"""model="skipgram" silently makes CBOW's examples: the context mean predicts the word."""

LOSES = ["q3"]

import numpy as np


def word2vec_examples(centres, contexts, model):
    size = (contexts >= 0).sum(axis=1)
    keep = size > 0
    weights = ((contexts[keep] >= 0) / size[keep, None]).astype(np.float32)
    return np.maximum(contexts[keep], 0), weights, centres[keep]
