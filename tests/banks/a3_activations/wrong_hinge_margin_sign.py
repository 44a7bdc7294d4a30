"""The margin is subtracted: max(0, s_k − s_y − Δ), so a class inside the margin costs
nothing."""

import numpy as np

LOSES = ["q1"]


def multiclass_hinge(scores, y, margin=1.0):
    n = scores.shape[0]
    rows = np.arange(n)
    margins = scores - scores[rows, y][:, None] - margin
    margins[rows, y] = 0
    active = (margins > 0).astype(scores.dtype)
    dscores = active.copy()
    dscores[rows, y] = -active.sum(axis=1)
    return float(np.sum(np.maximum(margins, 0))) / n, (dscores / n).astype(scores.dtype)
