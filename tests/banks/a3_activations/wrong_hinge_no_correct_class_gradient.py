"""The gradient pushes the wrong classes' scores up but never the correct class's down."""

import numpy as np

LOSES = ["q1"]


def multiclass_hinge(scores, y, margin=1.0):
    n = scores.shape[0]
    rows = np.arange(n)
    margins = scores - scores[rows, y][:, None] + margin
    margins[rows, y] = 0
    dscores = (margins > 0).astype(scores.dtype)
    return float(np.sum(np.maximum(margins, 0))) / n, (dscores / n).astype(scores.dtype)
