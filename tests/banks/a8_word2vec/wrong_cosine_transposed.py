"""Cosines of every word with every query, (V, Q), instead of every query with every word."""

LOSES = ["q4"]
MODULE = "analogies"

import numpy as np


def cosine_similarity(E, queries):
    queries = np.asarray(queries, dtype=E.dtype)
    return unit_rows(E) @ unit_rows(queries).T
