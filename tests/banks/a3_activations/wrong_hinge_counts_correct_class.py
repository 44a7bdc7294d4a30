"""The sum over classes includes the correct class, whose term is always max(0, Δ) = Δ."""

import numpy as np

LOSES = ["q1"]


def multiclass_hinge(scores, y, margin=1.0):
    n = scores.shape[0]
    rows = np.arange(n)
    margins = scores - scores[rows, y][:, None] + margin
    active = (margins > 0).astype(scores.dtype)
    active[rows, y] = 0
    dscores = active.copy()
    dscores[rows, y] = -active.sum(axis=1)
    return float(np.sum(np.maximum(margins, 0))) / n, (dscores / n).astype(scores.dtype)
