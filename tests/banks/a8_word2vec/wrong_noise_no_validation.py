"""Negative or all-zero counts are not refused: NaN or negative 'probabilities' come out."""

LOSES = ["q3"]

import numpy as np


def noise_distribution(counts, power=0.75):
    weights = np.abs(np.asarray(counts, dtype=np.float64)) ** power
    return weights / max(weights.sum(), 1e-300)
