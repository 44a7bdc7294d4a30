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
    raise NotImplementedError("q4: divide each row by its norm, leaving zero rows at zero")


def cosine_similarity(E: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Cosine of every query vector with every word vector.

    Args:
        E: (V, N) embedding.
        queries: (Q, N) vectors (e.g. rows of E, or b - a + c).
    Returns:
        (Q, V) cosines in [-1, 1]; 0 where either vector is zero.
    """
    raise NotImplementedError("q4: products of unit vectors")


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
    raise NotImplementedError("q4: cosines, the word itself pushed last, a stable sort")


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
    raise NotImplementedError("q4: offset of unit vectors, cosines, query words excluded, argmax")


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
    raise NotImplementedError("q4: analogy on the first three columns, compared with the fourth")
