"""add() returns NaN; scale() returns an array full of NaN."""

import numpy as np


def add(a, b):
    return float("nan")


def scale(x, k):
    return np.full(np.shape(x), np.nan)
