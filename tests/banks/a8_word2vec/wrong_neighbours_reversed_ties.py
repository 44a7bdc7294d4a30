"""Neighbours sorted ascending and reversed: ties come out with the larger id first."""

LOSES = ["q4"]
MODULE = "analogies"

import numpy as np


def nearest_neighbours(E, ids, k):
    ids = np.asarray(ids)
    if not 1 <= k <= len(E) - 1 or ids.min() < 0 or ids.max() >= len(E):
        raise ValueError("bad k or ids")
    sim = cosine_similarity(E, E[ids]).astype(np.float64)
    sim[np.arange(len(ids)), ids] = -np.inf
    return np.argsort(sim, axis=1, kind="stable")[:, ::-1][:, :k]
