"""3CosAdd on the raw vectors: b - a + c without scaling the rows to unit length first, so
long vectors dominate the query."""

LOSES = ["q4"]
MODULE = "analogies"

import numpy as np


def analogy(E, a, b, c):
    a, b, c = (np.asarray(x) for x in (a, b, c))
    if min(x.min() for x in (a, b, c)) < 0 or max(x.max() for x in (a, b, c)) >= len(E):
        raise ValueError("id out of range")
    sim = cosine_similarity(E, E[b] - E[a] + E[c]).astype(np.float64)
    rows = np.arange(len(a))
    for excluded in (a, b, c):
        sim[rows, excluded] = -np.inf
    return sim.argmax(axis=1)
