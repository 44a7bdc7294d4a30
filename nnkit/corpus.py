"""Text corpora for word embeddings: a generated corpus with planted relations, analogy
questions in the ``questions-words.txt`` format, gensim's bundled corpora and a text8 reader.

The lecture's remarkable properties of embeddings (词嵌入的卓越属性) are offsets shared by
many word pairs: woman - man ≈ queen - king, Paris - France ≈ Rome - Italy, biggest - big ≈
smallest - small. A model can only learn an offset its text supports, so
:func:`planted_corpus` writes short sentences in which every relation word is seen with two
kinds of context words:

- *concept* markers, shared by all forms of one concept (``crown`` and ``throne`` for king
  and queen; ``french`` and ``wine`` for France and Paris);
- *form* markers, shared by one form across all concepts of a relation (``he``/``his`` for
  every male word, ``she``/``her`` for every female word; ``than`` for every comparative).

The co-occurrence statistics of a word are then the sum of a concept part and a form part,
which is what makes b - a + c land on d (Levy and Goldberg 2014: word2vec factorises the
shifted PMI matrix). The questions (:func:`planted_analogies`) never appear in the text: the
model sees sentences only, and the relations must come out of the geometry it learns.

Every random choice takes a seed. Nothing downloads: gensim's corpora are read from the
installed package (:func:`gensim_data`).
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = [
    "FORM_MARKERS",
    "RELATIONS",
    "Vocabulary",
    "analogy_ids",
    "format_questions",
    "gensim_data",
    "lee_corpus",
    "planted_analogies",
    "planted_corpus",
    "read_questions",
    "read_text8",
    "text8_sentences",
    "vocabulary_of_planted_corpus",
]

# relation -> concepts; each concept is a tuple of forms (the same number of forms in a
# relation), followed by the concept's own context words.
RELATIONS: dict[str, tuple[tuple[tuple[str, ...], tuple[str, str]], ...]] = {
    "family": (
        (("man", "woman"), ("adult", "worker")),
        (("king", "queen"), ("crown", "throne")),
        (("uncle", "aunt"), ("cousin", "visit")),
        (("boy", "girl"), ("school", "play")),
        (("brother", "sister"), ("sibling", "twin")),
        (("father", "mother"), ("parent", "baby")),
        (("son", "daughter"), ("child", "born")),
        (("husband", "wife"), ("married", "wedding")),
        (("prince", "princess"), ("castle", "heir")),
        (("nephew", "niece"), ("grand", "holiday")),
    ),
    "capital": (
        (("france", "paris"), ("french", "wine")),
        (("italy", "rome"), ("italian", "pasta")),
        (("japan", "tokyo"), ("japanese", "sushi")),
        (("germany", "berlin"), ("german", "beer")),
        (("spain", "madrid"), ("spanish", "flamenco")),
        (("china", "beijing"), ("chinese", "tea")),
        (("russia", "moscow"), ("russian", "winter")),
        (("egypt", "cairo"), ("egyptian", "nile")),
        (("greece", "athens"), ("greek", "olive")),
        (("canada", "ottawa"), ("canadian", "maple")),
    ),
    "comparison": (
        (("big", "bigger", "biggest"), ("elephant", "giant")),
        (("small", "smaller", "smallest"), ("ant", "tiny")),
        (("cold", "colder", "coldest"), ("ice", "snow")),
        (("quick", "quicker", "quickest"), ("speed", "race")),
        (("tall", "taller", "tallest"), ("height", "tower")),
        (("old", "older", "oldest"), ("age", "ancient")),
        (("long", "longer", "longest"), ("length", "road")),
        (("warm", "warmer", "warmest"), ("sun", "summer")),
    ),
    "plural": (
        (("cat", "cats"), ("meow", "whiskers")),
        (("dog", "dogs"), ("bark", "leash")),
        (("house", "houses"), ("roof", "door")),
        (("car", "cars"), ("engine", "wheel")),
        (("tree", "trees"), ("leaf", "forest")),
        (("bird", "birds"), ("wing", "nest")),
        (("horse", "horses"), ("saddle", "stable")),
        (("river", "rivers"), ("water", "bank")),
        (("apple", "apples"), ("fruit", "orchard")),
        (("book", "books"), ("page", "library")),
    ),
}

# relation -> one tuple of context words per form, in the order of the forms above.
FORM_MARKERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "family": (("he", "his", "him"), ("she", "her", "hers")),
    "capital": (("country", "nation", "border"), ("city", "capital", "mayor")),
    "comparison": (("very", "quite", "so"), ("than", "even", "more"), ("most", "ever", "all")),
    "plural": (("one", "this", "single"), ("many", "these", "several")),
}

FILLERS = ("the", "a", "and", "of", "in", "to", "is", "was", "with", "on")

# relation, (form a, form b), section title as in Google's questions-words.txt
SECTIONS = (
    ("family", (0, 1), "family"),
    ("capital", (0, 1), "capital-common-countries"),
    ("comparison", (0, 1), "gram3-comparative"),
    ("comparison", (0, 2), "gram4-superlative"),
    ("plural", (0, 1), "gram8-plural"),
)


def _relation_words() -> list[tuple[str, tuple[str, str], tuple[str, ...]]]:
    """(word, its concept markers, its form markers) for every relation word."""
    out = []
    for relation, concepts in RELATIONS.items():
        for forms, concept_markers in concepts:
            for form, word in enumerate(forms):
                out.append((word, concept_markers, FORM_MARKERS[relation][form]))
    return out


def planted_corpus(
    n_sentences: int = 6000, seed: int | np.random.Generator = 0, noise: float = 0.1
) -> list[list[str]]:
    """Sentences that plant the lecture's relations (gender, capitals, comparison, plural).

    Each sentence holds one relation word, two of its concept markers, two of its form
    markers and two filler words (``the``, ``of`` ...), shuffled. With probability ``noise``
    each marker is replaced by a word drawn uniformly from the whole vocabulary, so that
    the statistics are not exactly additive.

    Args:
        n_sentences: how many sentences; every relation word appears about
            ``n_sentences / 84`` times.
        seed: seed or generator.
        noise: probability in [0, 1) that a marker is replaced by a random word.
    Returns:
        list of sentences, each a list of 7 lower-case words.
    """
    if not 0.0 <= noise < 1.0:
        raise ValueError(f"noise must be in [0, 1), got {noise}")
    rng = np.random.default_rng(seed)
    entries = _relation_words()
    vocabulary = sorted(vocabulary_of_planted_corpus())
    centre = rng.integers(len(entries), size=n_sentences)
    choice = rng.random((n_sentences, 6))
    replace = rng.random((n_sentences, 4)) < noise
    random_word = rng.integers(len(vocabulary), size=(n_sentences, 4))
    orders = rng.random((n_sentences, 7)).argsort(axis=1)
    sentences = []
    for s in range(n_sentences):
        word, concept, form = entries[centre[s]]
        markers = [
            concept[int(choice[s, 0] * 2)],
            concept[int(choice[s, 1] * 2)],
            form[int(choice[s, 2] * len(form))],
            form[int(choice[s, 3] * len(form))],
        ]
        markers = [
            vocabulary[random_word[s, i]] if replace[s, i] else m for i, m in enumerate(markers)
        ]
        fillers = [
            FILLERS[int(choice[s, 4] * len(FILLERS))],
            FILLERS[int(choice[s, 5] * len(FILLERS))],
        ]
        tokens = [word, *markers, *fillers]
        sentences.append([tokens[i] for i in orders[s]])
    return sentences


def vocabulary_of_planted_corpus() -> set[str]:
    """Every word :func:`planted_corpus` can write."""
    words = set(FILLERS)
    for relation, concepts in RELATIONS.items():
        for forms, concept_markers in concepts:
            words.update(forms)
            words.update(concept_markers)
        for markers in FORM_MARKERS[relation]:
            words.update(markers)
    return words


def planted_analogies() -> dict[str, list[tuple[str, str, str, str]]]:
    """The analogy questions the planted corpus supports, by section.

    A question ``(a, b, c, d)`` reads "a is to b as c is to d" and is answered correctly
    when the word nearest to b - a + c (excluding a, b and c) is d, e.g.
    ``("france", "paris", "italy", "rome")``. Every ordered pair of two different concepts
    of a relation gives one question per section (90 for ten concepts).
    """
    sections: dict[str, list[tuple[str, str, str, str]]] = {}
    for relation, (fa, fb), title in SECTIONS:
        concepts = [forms for forms, _ in RELATIONS[relation]]
        sections[title] = [
            (p[fa], p[fb], q[fa], q[fb]) for p in concepts for q in concepts if p is not q
        ]
    return sections


def format_questions(sections: Mapping[str, Sequence[Sequence[str]]]) -> str:
    """Write sections of questions in the ``questions-words.txt`` format.

    One line ``: <section>`` starts each section, followed by one question per line, four
    words separated by single spaces.
    """
    lines = []
    for title, questions in sections.items():
        lines.append(f": {title}")
        lines.extend(" ".join(q) for q in questions)
    return "\n".join(lines) + "\n"


def read_questions(
    path: str | os.PathLike, *, lowercase: bool = True
) -> dict[str, list[tuple[str, str, str, str]]]:
    """Read analogy questions in the ``questions-words.txt`` format (Mikolov et al. 2013).

    Args:
        path: the file, e.g. gensim's ``gensim_data("questions-words.txt")``.
        lowercase: lower-case every word (gensim's default, case_insensitive=True).
    Returns:
        section title -> list of (a, b, c, d) questions, in file order.
    Raises:
        ValueError: a question line before any section, or one without four words.
    """
    sections: dict[str, list[tuple[str, str, str, str]]] = {}
    current: list[tuple[str, str, str, str]] | None = None
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith(":"):
            current = sections.setdefault(line[1:].strip(), [])
            continue
        words = line.lower().split() if lowercase else line.split()
        if current is None:
            raise ValueError(f"{path}:{number}: question before the first ': section' line")
        if len(words) != 4:
            raise ValueError(f"{path}:{number}: expected four words, got {len(words)}: {raw!r}")
        current.append((words[0], words[1], words[2], words[3]))
    return sections


@dataclass(frozen=True)
class Vocabulary:
    """Words and their counts, most frequent first (ties in alphabetical order).

    Attributes:
        words: the V words; a word's id is its position.
        counts: (V,) int64 number of occurrences in the text it was built from.
    """

    words: tuple[str, ...]
    counts: np.ndarray

    @classmethod
    def from_sentences(cls, sentences: Iterable[Sequence[str]], min_count: int = 1) -> Vocabulary:
        """Count the words of ``sentences``; words seen fewer than ``min_count`` times are
        left out (and dropped by :meth:`encode`)."""
        counter = Counter(word for sentence in sentences for word in sentence)
        kept = sorted(
            (w for w, c in counter.items() if c >= min_count), key=lambda w: (-counter[w], w)
        )
        return cls(tuple(kept), np.array([counter[w] for w in kept], dtype=np.int64))

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {w: i for i, w in enumerate(self.words)})

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self._index

    def id(self, word: str) -> int:
        """The id of ``word``; KeyError when it is not in the vocabulary."""
        return self._index[word]

    def encode(self, sentences: Iterable[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Flatten sentences into ids, dropping unknown words.

        Returns:
            ids: (T,) int64 word ids of all sentences, one after the other.
            starts: (S + 1,) int64 offsets; sentence s is ``ids[starts[s]:starts[s + 1]]``.
        """
        ids: list[int] = []
        starts = [0]
        for sentence in sentences:
            ids.extend(self._index[w] for w in sentence if w in self._index)
            starts.append(len(ids))
        return np.array(ids, dtype=np.int64), np.array(starts, dtype=np.int64)


def analogy_ids(
    vocab: Vocabulary, sections: Mapping[str, Sequence[Sequence[str]]]
) -> dict[str, np.ndarray]:
    """Questions as ids: section -> (Q, 4) int64, leaving out questions with an unknown word."""
    out = {}
    for title, questions in sections.items():
        kept = [[vocab.id(w) for w in q] for q in questions if all(w in vocab for w in q)]
        out[title] = np.array(kept, dtype=np.int64).reshape(-1, 4)
    return out


def gensim_data(name: str) -> Path:
    """Path of a file gensim ships in ``gensim/test/test_data`` (e.g. ``questions-words.txt``,
    ``lee_background.cor``), read from the installed package; nothing is downloaded."""
    import gensim

    path = Path(gensim.__file__).parent / "test" / "test_data" / name
    if not path.is_file():
        raise FileNotFoundError(f"{name} is not among gensim's bundled test data ({path.parent})")
    return path


def lee_corpus() -> list[list[str]]:
    """The Lee background corpus bundled with gensim (300 news paragraphs, about 60,000
    words), one sentence per paragraph, tokenised by ``gensim.utils.simple_preprocess``."""
    from gensim.utils import simple_preprocess

    lines = gensim_data("lee_background.cor").read_text(encoding="utf-8").splitlines()
    return [simple_preprocess(line) for line in lines if line.strip()]


def read_text8(
    path: str | os.PathLike, sha256: str | None = None, max_words: int | None = None
) -> list[str]:
    """Read a corpus in the text8 format: one line of lower-case words a-z separated by
    single spaces (Matt Mahoney's cleaned Wikipedia; 17,005,207 words in text8 itself).

    Args:
        path: the file (``text8`` after unzipping ``text8.zip``).
        sha256: expected SHA-256 (hex) of the file; ``None`` skips the check.
        max_words: keep only the first ``max_words`` words.
    Returns:
        the words, in order.
    Raises:
        ValueError: checksum mismatch, or a character other than a-z and the space.
    """
    raw = Path(path).read_bytes()
    if sha256 is not None:
        digest = hashlib.sha256(raw).hexdigest()
        if digest != sha256.strip().lower():
            raise ValueError(f"{path}: SHA-256 checksum mismatch: expected {sha256}, got {digest}")
    allowed = set(b"abcdefghijklmnopqrstuvwxyz ")
    bad = set(raw) - allowed
    if bad:
        shown = ", ".join(repr(chr(b)) for b in sorted(bad)[:5])
        raise ValueError(f"{path}: not text8 format: characters other than a-z and space ({shown})")
    words = raw.decode("ascii").split()
    return words[:max_words] if max_words is not None else words


def text8_sentences(words: Sequence[str], length: int = 1000) -> list[list[str]]:
    """Cut a text8 word stream (which has no sentence boundaries) into pseudo-sentences of
    ``length`` words, as gensim's ``Text8Corpus`` does."""
    if length < 1:
        raise ValueError(f"length must be >= 1, got {length}")
    return [list(words[i : i + length]) for i in range(0, len(words), length)]
