"""A word is its own nearest neighbour: it is not excluded."""

LOSES = ["q4"]
MODULE = "analogies"

import numpy as np


def nearest_neighbours(E, ids, k):
    ids = np.asarray(ids)
    if not 1 <= k <= len(E) - 1 or ids.min() < 0 or ids.max() >= len(E):
        raise ValueError("bad k or ids")
    sim = cosine_similarity(E, E[ids])
    return np.argsort(-sim, axis=1, kind="stable")[:, :k]
