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

Two functions are given, to read: ``unit_rows``, the first step of every cosine, and
``analogy_accuracy``, the evaluation harness that scores your ``analogy`` on a list of
questions. You write ``cosine_similarity``, ``nearest_neighbours`` and ``analogy``.
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

    Given: a worked example to read, the first step of every cosine. Once both vectors have
    length 1, cos(x, y) = x · y / (|x| |y|) is just the dot product x̂ · ŷ, so a whole table
    of cosines is one matrix product of unit rows. Each row is divided by its Euclidean
    norm (``keepdims`` keeps the norms a (V, 1) column, which broadcasts across the row). A
    zero row has no direction: dividing it by its norm would give 0/0 = NaN, so its norm is
    replaced by 1 and the row stays zero, which is what makes its cosine 0 with everything.
    The divisor is cast to E's dtype so that float32 embeddings stay float32. For example
    the rows (3, 4) and (0, 0) become (0.6, 0.8) and (0, 0).

    Args:
        E: (V, N) embedding.
    Returns:
        (V, N), dtype of E; E itself is not modified.
    """
    norms = np.linalg.norm(E, axis=1, keepdims=True)
    return E / np.where(norms > 0, norms, 1).astype(E.dtype)


def cosine_similarity(E: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Cosine of every query vector with every word vector.

    Entry [q, w] is cos(queries[q], E[w]) = x · y / (|x| |y|); with the given
    ``unit_rows`` applied to both sides, a whole (Q, V) table is a single matrix product.
    Work in E's dtype (the queries may come as another dtype or as a list). Check it: a row
    of E against itself gives 1, a row against its negative -1, a zero vector gives 0 (not
    NaN) with everything, scaling a row or a query by a positive factor changes nothing, and
    float32 inputs give a float32 result.

    Args:
        E: (V, N) embedding.
        queries: (Q, N) vectors (e.g. rows of E, or b - a + c).
    Returns:
        (Q, V) cosines in [-1, 1]; 0 where either vector is zero.
    """
    raise NotImplementedError("q4: products of unit vectors")


def nearest_neighbours(E: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
    """The k words most similar (by cosine) to each given word, the word itself excluded.

    The lecture's neighbour lists (the words nearest to "king", "paris"): take the cosines of
    the given words with every word, make sure each word cannot come out as its own
    neighbour (its cosine with itself is 1, the largest possible), and keep the k largest,
    in decreasing order. Two words with equal cosines come out smaller id first, so the
    sort must keep the original order of ties. Check it: a word whose vector is a positive
    multiple of another's has that word as its first neighbour, and the word itself never
    appears in its own row.

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

    The vector offset: scale the rows to unit length first (``unit_rows``), so that no word
    counts more because its vector is long, build the query v̂_b - v̂_a + v̂_c for each
    question, and take its cosine with every word. The query usually lies closest to b or
    c themselves (and sometimes to a), so those three words must be ruled out for their own
    question before taking the best word. Check it: in the lecture's examples on a planted
    embedding, big : biggest :: small : ? gives smallest; scaling any row of E by a positive
    factor does not change an answer; the answer is never a, b or c.

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

    Given: the evaluation harness, a worked example to read; it runs your ``analogy``. A
    ``questions-words.txt`` file (Mikolov et al.'s Google analogy set) lists questions such as
    "Athens Greece Baghdad Iraq" by sections; ``nnkit.corpus.analogy_ids`` turns each line
    into a row of word ids (a, b, c, d). Columns a, b and c go to ``analogy`` all at once,
    one question per row, and the fraction of rows whose answer equals column d is the
    accuracy (a mean of booleans). An empty set of questions has no accuracy, so it is an
    error rather than 0 or NaN. For example four questions of which ``analogy`` answers
    three right score 0.75.

    Args:
        E: (V, N) embedding.
        questions: (Q, 4) int rows (a, b, c, d), as ``nnkit.corpus.analogy_ids`` makes them
            from a ``questions-words.txt`` file; Q >= 1.
    Returns:
        the fraction of rows for which ``analogy`` returns d, a float in [0, 1].
    Raises:
        ValueError: questions not of shape (Q, 4) with Q >= 1.
    """
    questions = np.asarray(questions)
    if questions.ndim != 2 or questions.shape[1] != 4 or len(questions) == 0:
        raise ValueError(f"questions must have shape (Q, 4) with Q >= 1, got {questions.shape}")
    d = analogy(E, questions[:, 0], questions[:, 1], questions[:, 2])
    return float(np.mean(d == questions[:, 3]))
