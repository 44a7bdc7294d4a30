"""The query b̂ - â + ĉ is built from unit vectors, but the words are ranked by their dot
product with it, not by cosine: words with long vectors win."""

LOSES = ["q4"]
MODULE = "analogies"

import numpy as np


def analogy(E, a, b, c):
    a, b, c = (np.asarray(x) for x in (a, b, c))
    if min(x.min() for x in (a, b, c)) < 0 or max(x.max() for x in (a, b, c)) >= len(E):
        raise ValueError("id out of range")
    unit = unit_rows(E)
    sim = ((unit[b] - unit[a] + unit[c]) @ E.T).astype(np.float64)
    rows = np.arange(len(a))
    for excluded in (a, b, c):
        sim[rows, excluded] = -np.inf
    return sim.argmax(axis=1)
