"""Using word embeddings: nearest neighbours and analogies (词嵌入的卓越属性).

The lecture's query X = v("biggest") - v("big") + v("small") should land nearest to
v("smallest"), "based on cosine distance"; likewise woman - man + king → queen and
Paris - France + Italy → Rome. Here an embedding is a (V, N) matrix whose row w is the
vector of word w (word2vec's input vectors W).

Conventions:

- cos(x, y) = x · y / (|x| |y|); a zero vector has cosine 0 with every vector (it points
  nowhere).
- Analogy "a is to b as c is to d" (3CosAdd, Mikolov et al. 2013): with every row scaled to
  unit length first, d is the word maximising cos(v_d, v̂_b - v̂_a + v̂_c), the three query
  words a, b, c excluded.
- Ties go to the smaller word id.
"""

from __future__ import annotations

import numpy as np


def _check_ids(name: str, ids: np.ndarray, vocab_size: int) -> np.ndarray:
    ids = np.asarray(ids)
    if ids.dtype.kind not in "iu":
        raise ValueError(f"{name} must hold integer word ids, got dtype {ids.dtype}")
    if ids.size and (ids.min() < 0 or ids.max() >= vocab_size):
        raise ValueError(f"{name} holds ids outside 0..{vocab_size - 1}")
    return ids


def unit_rows(E: np.ndarray) -> np.ndarray:
    """Every row of ``E`` scaled to length 1; zero rows stay zero.

    Args:
        E: (V, N) embedding.
    Returns:
        (V, N), dtype of E; E itself is not modified.
    """
    # BEGIN SOLUTION q4: divide each row by its norm, leaving zero rows at zero
    norms = np.linalg.norm(E, axis=1, keepdims=True)
    return E / np.where(norms > 0, norms, 1).astype(E.dtype)
    # END SOLUTION


def cosine_similarity(E: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Cosine of every query vector with every word vector.

    Args:
        E: (V, N) embedding.
        queries: (Q, N) vectors (e.g. rows of E, or b - a + c).
    Returns:
        (Q, V) cosines in [-1, 1]; 0 where either vector is zero.
    """
    # BEGIN SOLUTION q4: products of unit vectors
    return unit_rows(np.asarray(queries, dtype=E.dtype)) @ unit_rows(E).T
    # END SOLUTION


def nearest_neighbours(E: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
    """The k words most similar (by cosine) to each given word, the word itself excluded.

    Args:
        E: (V, N) embedding.
        ids: (Q,) int word ids.
        k: neighbours per word, 1 <= k <= V - 1.
    Returns:
        (Q, k) int64 word ids, most similar first (ties: smaller id first).
    Raises:
        ValueError: k out of range, or an id outside 0..V-1.
    """
    # BEGIN SOLUTION q4: cosines, the word itself pushed last, a stable sort
    V = E.shape[0]
    ids = _check_ids("ids", ids, V)
    if not 1 <= k <= V - 1:
        raise ValueError(f"k must be in 1..{V - 1}, got {k}")
    sim = cosine_similarity(E, E[ids]).astype(np.float64)
    sim[np.arange(len(ids)), ids] = -np.inf
    return np.argsort(-sim, axis=1, kind="stable")[:, :k].astype(np.int64)
    # END SOLUTION


def analogy(E: np.ndarray, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Answer "a is to b as c is to ?" by 3CosAdd, for Q questions at once.

    Example (the lecture's): a = France, b = Paris, c = Italy should give d = Rome.

    Args:
        E: (V, N) embedding.
        a, b, c: (Q,) int word ids.
    Returns:
        d: (Q,) int64, the word maximising cos(v_d, v̂_b - v̂_a + v̂_c) among all words but
        a, b and c (ties: smaller id).
    Raises:
        ValueError: an id outside 0..V-1, or a, b, c of different lengths.
    """
    # BEGIN SOLUTION q4: offset of unit vectors, cosines, query words excluded, argmax
    V = E.shape[0]
    a, b, c = (_check_ids(n, x, V) for n, x in (("a", a), ("b", b), ("c", c)))
    if not a.shape == b.shape == c.shape:
        raise ValueError(f"a, b, c must have the same shape, got {a.shape}, {b.shape}, {c.shape}")
    unit = unit_rows(E)
    sim = cosine_similarity(E, unit[b] - unit[a] + unit[c]).astype(np.float64)
    rows = np.arange(len(a))
    for excluded in (a, b, c):
        sim[rows, excluded] = -np.inf
    return sim.argmax(axis=1).astype(np.int64)
    # END SOLUTION


def analogy_accuracy(E: np.ndarray, questions: np.ndarray) -> float:
    """Fraction of analogy questions answered correctly.

    Args:
        E: (V, N) embedding.
        questions: (Q, 4) int rows (a, b, c, d), as ``nnkit.corpus.analogy_ids`` makes them
            from a ``questions-words.txt`` file; Q >= 1.
    Returns:
        the fraction of rows for which ``analogy`` returns d, a float in [0, 1].
    Raises:
        ValueError: questions not of shape (Q, 4) with Q >= 1.
    """
    # BEGIN SOLUTION q4: analogy on the first three columns, compared with the fourth
    questions = np.asarray(questions)
    if questions.ndim != 2 or questions.shape[1] != 4 or len(questions) == 0:
        raise ValueError(f"questions must have shape (Q, 4) with Q >= 1, got {questions.shape}")
    d = analogy(E, questions[:, 0], questions[:, 1], questions[:, 2])
    return float(np.mean(d == questions[:, 3]))
    # END SOLUTION
