"""Rows are divided by their norms unguarded: a zero vector gives 0/0 = NaN."""

LOSES = ["q4"]
MODULE = "analogies"

import numpy as np


def unit_rows(E):
    return E / np.linalg.norm(E, axis=1, keepdims=True)
