"""nnkit.corpus: the planted corpus supports its analogies; readers of the standard formats."""

import hashlib

import numpy as np
import pytest

from nnkit.corpus import (
    FORM_MARKERS,
    RELATIONS,
    Vocabulary,
    analogy_ids,
    format_questions,
    gensim_data,
    lee_corpus,
    planted_analogies,
    planted_corpus,
    read_questions,
    read_text8,
    text8_sentences,
    vocabulary_of_planted_corpus,
)


def test_planted_corpus_is_seeded_and_uses_its_vocabulary():
    first = planted_corpus(500, seed=1)
    assert first == planted_corpus(500, seed=1)
    assert first != planted_corpus(500, seed=2)
    assert len(first) == 500 and all(len(s) == 7 for s in first)
    assert {w for s in first for w in s} <= vocabulary_of_planted_corpus()
    with pytest.raises(ValueError):
        planted_corpus(10, noise=1.0)


def test_relation_words_and_markers_are_distinct():
    relation_words = [w for concepts in RELATIONS.values() for forms, _ in concepts for w in forms]
    concept_markers = [m for concepts in RELATIONS.values() for _, ms in concepts for m in ms]
    form_markers = [m for forms in FORM_MARKERS.values() for ms in forms for m in ms]
    everything = relation_words + concept_markers + form_markers
    assert len(everything) == len(set(everything)), "a word plays two roles"
    sentences = planted_corpus(6000, seed=0)
    seen = {w for s in sentences for w in s}
    assert set(relation_words) <= seen


def test_planted_analogies_hold_the_lecture_examples():
    sections = planted_analogies()
    sizes = {title: len(q) for title, q in sections.items()}
    assert sizes == {
        "family": 90,
        "capital-common-countries": 90,
        "gram3-comparative": 56,
        "gram4-superlative": 56,
        "gram8-plural": 90,
    }
    assert ("big", "biggest", "small", "smallest") in sections["gram4-superlative"]
    assert ("man", "woman", "king", "queen") in sections["family"]
    assert ("france", "paris", "italy", "rome") in sections["capital-common-countries"]


def _ppmi_svd(sentences, dim):
    vocab = Vocabulary.from_sentences(sentences)
    ids, _ = vocab.encode(sentences)
    words = ids.reshape(-1, 7)
    V = len(vocab)
    pairs = (words[:, :, None] * V + words[:, None, :]).ravel()
    counts = np.bincount(pairs, minlength=V * V).reshape(V, V).astype(float)
    np.fill_diagonal(counts, 0)
    row = counts.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore"):
        pmi = np.log(counts * counts.sum() / (row @ row.T))
    u, s, _ = np.linalg.svd(np.maximum(pmi, 0))
    return vocab, u[:, :dim] * np.sqrt(s[:dim])


def test_planted_relations_are_learnable_from_cooccurrences():
    # A count-based embedding (what word2vec factorises) answers most planted analogies;
    # a corpus whose words were shuffled between sentences would answer almost none.
    vocab, E = _ppmi_svd(planted_corpus(3000, seed=0), dim=24)
    questions = np.concatenate(list(analogy_ids(vocab, planted_analogies()).values()))
    unit = E / np.linalg.norm(E, axis=1, keepdims=True)
    sim = (unit[questions[:, 1]] - unit[questions[:, 0]] + unit[questions[:, 2]]) @ unit.T
    rows = np.arange(len(questions))
    for col in range(3):
        sim[rows, questions[:, col]] = -np.inf
    accuracy = np.mean(sim.argmax(axis=1) == questions[:, 3])
    assert accuracy > 0.8


def test_questions_round_trip_and_gensim_file(tmp_path):
    sections = planted_analogies()
    path = tmp_path / "questions.txt"
    path.write_text(format_questions(sections), encoding="utf-8")
    assert read_questions(path) == sections
    google = read_questions(gensim_data("questions-words.txt"))
    assert len(google) == 14
    assert sum(len(q) for q in google.values()) == 19544
    assert next(iter(google)) == "capital-common-countries"
    assert google["capital-common-countries"][0] == ("athens", "greece", "baghdad", "iraq")


@pytest.mark.parametrize(
    "text", [": s\nonly three words\n", "a b c d\n: s\n"], ids=["three words", "no section"]
)
def test_malformed_questions_are_refused(tmp_path, text):
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError):
        read_questions(path)


def test_vocabulary_counts_orders_and_encodes():
    sentences = [["b", "a", "b"], ["c", "b", "a"], ["d"]]
    vocab = Vocabulary.from_sentences(sentences, min_count=2)
    assert vocab.words == ("b", "a") and vocab.counts.tolist() == [3, 2]
    ids, starts = vocab.encode(sentences)
    assert ids.tolist() == [0, 1, 0, 0, 1] and starts.tolist() == [0, 3, 5, 5]
    full = Vocabulary.from_sentences(sentences)
    assert full.words == ("b", "a", "c", "d") and "d" in full and "e" not in full
    kept = analogy_ids(full, {"s": [("a", "b", "c", "d"), ("a", "b", "c", "e")]})
    assert kept["s"].tolist() == [[1, 0, 2, 3]]


def test_text8_reader(tmp_path):
    words = ["anarchism", "originated", "as", "a", "term", "of", "abuse"] * 3
    path = tmp_path / "text8"
    raw = (" " + " ".join(words)).encode("ascii")  # text8 starts with a space
    path.write_bytes(raw)
    assert read_text8(path) == words
    assert read_text8(path, sha256=hashlib.sha256(raw).hexdigest(), max_words=4) == words[:4]
    with pytest.raises(ValueError, match="checksum"):
        read_text8(path, sha256="0" * 64)
    bad = tmp_path / "bad"
    bad.write_bytes(b"Not text8.\n")
    with pytest.raises(ValueError, match="text8"):
        read_text8(bad)
    chunks = text8_sentences(words, length=5)
    assert [len(c) for c in chunks] == [5, 5, 5, 5, 1] and sum(chunks, []) == words


def test_lee_corpus_is_read_from_gensim():
    corpus = lee_corpus()
    assert len(corpus) == 300
    assert sum(len(s) for s in corpus) > 50_000
    assert all(w == w.lower() for s in corpus[:10] for w in s)
