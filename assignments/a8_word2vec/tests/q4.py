"""Question 4: nearest neighbours and analogies (词嵌入的卓越属性)."""

import numpy as np
from otter.test_files import test_case

from nnkit.corpus import Vocabulary, analogy_ids, planted_analogies, planted_corpus
from nnkit.feedback import (
    as_array,
    as_float,
    assert_close,
    assert_dtype,
    assert_equal,
    assert_shape,
    assert_that,
    expect_value_error,
    strict_numerics,
)
from nnkit.oracles import torch_cosines, torch_unit_rows

OK_FORMAT = False
name = "q4"

LECTURE = (
    "big",
    "bigger",
    "biggest",
    "small",
    "smaller",
    "smallest",
    "man",
    "woman",
    "king",
    "queen",
    "france",
    "paris",
    "italy",
    "rome",
)
WORD = {w: i for i, w in enumerate(LECTURE)}


def expected_analogy(E, a, b, c):
    """3CosAdd from torch's cosines: unit vectors, b - a + c, query words excluded, first max."""
    unit = torch_unit_rows(np.asarray(E, dtype=np.float64))
    sim = torch_cosines(E, unit[b] - unit[a] + unit[c])
    rows = np.arange(len(a))
    for skipped in (a, b, c):
        sim[rows, skipped] = -np.inf
    return sim.argmax(axis=1)


def planted_embedding(seed, scale_rows=True):
    """Words of the lecture's examples made of a concept vector plus a form vector; every
    row then scaled by its own factor, which cosine analogies must ignore."""
    rng = np.random.default_rng(seed)
    N = 16
    concept = {
        k: rng.standard_normal(N) for k in ("big", "small", "person", "royal", "fr", "it", "x", "y")
    }
    form = {
        k: 0.6 * rng.standard_normal(N)
        for k in ("base", "er", "est", "male", "female", "country", "capital")
    }
    parts = [
        ("big", "base"),
        ("big", "er"),
        ("big", "est"),
        ("small", "base"),
        ("small", "er"),
        ("small", "est"),
        ("person", "male"),
        ("person", "female"),
        ("royal", "male"),
        ("royal", "female"),
        ("fr", "country"),
        ("fr", "capital"),
        ("it", "country"),
        ("it", "capital"),
    ]
    E = np.array([concept[c] + form[f] for c, f in parts]) + 0.05 * rng.standard_normal(
        (len(parts), N)
    )
    E = np.vstack([E, rng.standard_normal((6, N))])  # six unrelated words
    if scale_rows:
        E *= rng.uniform(0.3, 3.0, size=(len(E), 1))
    return E


@test_case(points=1, hidden=False)
def test_cosines(analogies):
    rng = np.random.default_rng(40)
    for dtype in (np.float64, np.float32):
        E = (rng.standard_normal((7, 4)) * rng.uniform(0.1, 10, size=(7, 1))).astype(dtype)
        E[3] = 0  # a zero vector: cosine 0 with everything, no division by zero
        copy = E.copy()
        queries = np.vstack([E[[1, 3]], rng.standard_normal((2, 4)).astype(dtype)])
        with strict_numerics(analogies):
            sims = as_array(
                "cosine_similarity(E, queries)", analogies.cosine_similarity(E, queries)
            )
        assert_dtype("cosine_similarity(E, queries)", sims, dtype)
        assert_shape("cosine_similarity(E, queries)", sims, (4, 7))
        assert_close(
            "cosine_similarity(E, queries)",
            sims,
            torch_cosines(E, queries),
            hint="cos(x, y) = x·y / (|x| |y|), 0 when either is the zero vector",
        )
        assert_equal("E", E, copy, hint="do not modify E")


@test_case(points=2, hidden=False)
def test_lecture_analogies(analogies):
    E = planted_embedding(41)
    for a, b, c, d in (
        ("big", "biggest", "small", "smallest"),
        ("man", "woman", "king", "queen"),
        ("france", "paris", "italy", "rome"),
        ("big", "bigger", "small", "smaller"),
        ("woman", "man", "queen", "king"),
        ("rome", "italy", "paris", "france"),
    ):
        got = as_array(
            "analogy(E, a, b, c)",
            analogies.analogy(E, np.array([WORD[a]]), np.array([WORD[b]]), np.array([WORD[c]])),
        )
        assert_shape(f"analogy for {b} - {a} + {c}", got, (1,))
        assert_that(
            int(got[0]) == WORD[d],
            f"{b} - {a} + {c} should give {d} (id {WORD[d]}), got id {int(got[0])}"
            + (f" ({LECTURE[int(got[0])]})" if 0 <= int(got[0]) < len(LECTURE) else "")
            + ": scale the rows to unit length before b - a + c, and compare by cosine",
        )


@test_case(points=1, hidden=False)
def test_query_words_are_excluded(analogies):
    rng = np.random.default_rng(42)
    E = rng.standard_normal((30, 3))
    # b - a + c is usually nearest to b or c themselves: they must be skipped.
    a, b, c = rng.integers(30, size=(3, 40))
    a[:5] = b[:5]  # "a is to a as c is to ?": the query is c itself
    got = as_array("analogy(E, a, b, c)", analogies.analogy(E, a, b, c))
    assert_that(
        got.dtype.kind in "iu", f"analogy returned dtype {got.dtype}: word ids are integers"
    )
    assert_equal(
        "analogy(E, a, b, c)",
        got,
        expected_analogy(E, a, b, c),
        hint="the best word by cosine with unit(b) - unit(a) + unit(c), never a, b or c",
    )
    assert_equal(
        "a second call",
        analogies.analogy(E, a, b, c),
        got,
        hint="identical calls, identical answers",
    )
    # a halfway between b and c: unit(b) - unit(a) + unit(c) points along a itself.
    degrees = np.array([0.0, 30.0, -30.0, 70.0, 180.0, -95.0])
    plane = np.stack([np.cos(np.radians(degrees)), np.sin(np.radians(degrees))], axis=1)
    got = as_array(
        "analogy(plane, [0], [1], [2])",
        analogies.analogy(plane, np.array([0]), np.array([1]), np.array([2])),
    )
    assert_equal(
        "analogy(plane, [0], [1], [2])",
        got,
        expected_analogy(plane, np.array([0]), np.array([1]), np.array([2])),
        hint="words at 0, 30, -30, 70, 180, -95 degrees: the query points along a (0 degrees), "
        "which must be excluded like b and c",
    )
    expect_value_error(
        lambda: analogies.analogy(E, np.array([0]), np.array([1]), np.array([30])),
        "an id outside 0..V-1",
    )


@test_case(points=1, hidden=False)
def test_nearest_neighbours(analogies):
    rng = np.random.default_rng(43)
    E = rng.standard_normal((12, 5))
    E[7] = 2 * E[2]  # same direction as word 2: a tie for everyone else, smaller id first
    ids = np.array([0, 2, 7, 11])
    got = as_array("nearest_neighbours(E, ids, 4)", analogies.nearest_neighbours(E, ids, 4))
    assert_shape("nearest_neighbours(E, ids, 4)", got, (4, 4))
    sim = torch_cosines(E, E[ids])
    sim[np.arange(4), ids] = -np.inf
    expected = np.argsort(-sim, axis=1, kind="stable")[:, :4]
    assert_equal(
        "nearest_neighbours(E, ids, 4)",
        got,
        expected,
        hint="most similar first by cosine, the word itself excluded, ties to the smaller id",
    )
    expect_value_error(lambda: analogies.nearest_neighbours(E, ids, 0), "k = 0")
    expect_value_error(
        lambda: analogies.nearest_neighbours(E, ids, 12), "k = V (only V - 1 other words)"
    )
    expect_value_error(
        lambda: analogies.nearest_neighbours(E, np.array([12]), 3), "an id outside 0..V-1"
    )


def ppmi_embedding(n_sentences, seed, dim):
    """A count-based embedding of the planted corpus: truncated SVD of the positive PMI
    matrix of sentence co-occurrences (what word2vec factorises implicitly)."""
    sentences = planted_corpus(n_sentences, seed=seed)
    vocab = Vocabulary.from_sentences(sentences)
    ids, starts = vocab.encode(sentences)
    V = len(vocab)
    # every planted sentence has 7 words: count every ordered pair of positions
    words = ids.reshape(-1, 7)
    pairs = (words[:, :, None] * V + words[:, None, :]).ravel()
    counts = np.bincount(pairs, minlength=V * V).reshape(V, V).astype(np.float64)
    np.fill_diagonal(counts, 0)
    total = counts.sum()
    row = counts.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore"):
        pmi = np.log(counts * total / (row @ row.T))
    u, s, _ = np.linalg.svd(np.maximum(pmi, 0))
    questions = np.concatenate(list(analogy_ids(vocab, planted_analogies()).values()))
    return u[:, :dim] * np.sqrt(s[:dim]), questions
