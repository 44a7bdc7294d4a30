"""The noise distribution is the unigram distribution: the 3/4 power is never applied."""

LOSES = ["q3"]

import numpy as np


def noise_distribution(counts, power=0.75):
    counts = np.asarray(counts, dtype=np.float64)
    if (counts < 0).any() or not (counts > 0).any():
        raise ValueError("bad counts")
    return counts / counts.sum()
