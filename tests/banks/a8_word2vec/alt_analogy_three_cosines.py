"""3CosAdd written as Levy and Goldberg do: cos(d, b) - cos(d, a) + cos(d, c), which ranks
the words as cos(d, b̂ - â + ĉ) does; neighbours by a full sort of the negated cosines."""

LOSES = []
MODULE = "analogies"

import numpy as np


def analogy(E, a, b, c):
    V = E.shape[0]
    a, b, c = (_check_ids(n, x, V) for n, x in (("a", a), ("b", b), ("c", c)))
    if not a.shape == b.shape == c.shape:
        raise ValueError("a, b, c must have the same shape")
    unit = unit_rows(E).astype(np.float64)
    score = unit[b] @ unit.T - unit[a] @ unit.T + unit[c] @ unit.T
    rows = np.arange(len(a))
    for excluded in (a, b, c):
        score[rows, excluded] = -np.inf
    return np.argmax(score, axis=1).astype(np.int64)
