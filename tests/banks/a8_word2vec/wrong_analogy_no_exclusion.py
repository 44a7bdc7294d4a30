"""The query words are not excluded: the answer is usually b or c itself."""

LOSES = ["q4"]
MODULE = "analogies"

import numpy as np


def analogy(E, a, b, c):
    a, b, c = (np.asarray(x) for x in (a, b, c))
    if min(x.min() for x in (a, b, c)) < 0 or max(x.max() for x in (a, b, c)) >= len(E):
        raise ValueError("id out of range")
    unit = unit_rows(E)
    return cosine_similarity(E, unit[b] - unit[a] + unit[c]).argmax(axis=1)
