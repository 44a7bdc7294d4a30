"""Cosines as x·y / (|x| |y|) with the norms unguarded: a zero vector gives 0/0 = NaN
instead of a cosine of 0."""

LOSES = ["q4"]
MODULE = "analogies"

import numpy as np


def cosine_similarity(E, queries):
    queries = np.asarray(queries, dtype=E.dtype)
    norms_q = np.linalg.norm(queries, axis=1)
    norms_E = np.linalg.norm(E, axis=1)
    return (queries @ E.T) / (norms_q[:, None] * norms_E[None, :])
