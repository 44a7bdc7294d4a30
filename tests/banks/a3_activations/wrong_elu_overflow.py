"""ELU evaluates e^x everywhere: overflow for x = 1e3 in the discarded branch."""

import numpy as np

LOSES = ["q2"]


def elu_forward(x, alpha=1.0):
    out = np.where(x > 0, x, alpha * (np.exp(x) - 1)).astype(x.dtype)
    return out, (x, alpha)
