"""Only b and c are excluded; a can come back as the answer."""

LOSES = ["q4"]
MODULE = "analogies"

import numpy as np


def analogy(E, a, b, c):
    a, b, c = (np.asarray(x) for x in (a, b, c))
    if min(x.min() for x in (a, b, c)) < 0 or max(x.max() for x in (a, b, c)) >= len(E):
        raise ValueError("id out of range")
    unit = unit_rows(E)
    sim = cosine_similarity(E, unit[b] - unit[a] + unit[c]).astype(np.float64)
    rows = np.arange(len(a))
    sim[rows, b] = -np.inf
    sim[rows, c] = -np.inf
    return sim.argmax(axis=1)
