"""The reference word2vec trainer (assignment 8) against gensim's Word2Vec, in one run.

CBOW with negative sampling on the same corpus (``nnkit.corpus.planted_corpus``), dimension
100, window 5, 5 noise words, the same number of epochs, one worker each (numpy's BLAS
limited to one thread; gensim with ``workers=1``), no subsampling of frequent words (the
reference has none, and gensim would otherwise skip words and look faster). Prints words
per second of each (corpus words times epochs over the best wall time of ``--repeats``
trainings), their ratio, and the accuracy of both on the planted analogy questions, scored
by the reference's ``analogy_accuracy``. Goals (issue 13): the reference within 4x of
gensim's words/s, and an accuracy at least gensim's.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_word2vec.py [--sentences 20000] [--epochs 5]
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def _load(module: str):
    spec = importlib.util.spec_from_file_location(
        f"bench_reference_{module}", ROOT / "solutions" / "a8_word2vec" / f"{module}.py"
    )
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=20_000)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    from gensim.models import Word2Vec
    from threadpoolctl import threadpool_limits

    from nnkit.corpus import Vocabulary, analogy_ids, planted_analogies, planted_corpus

    word2vec, analogies = _load("word2vec"), _load("analogies")
    sentences = planted_corpus(args.sentences, seed=0)
    vocab = Vocabulary.from_sentences(sentences)
    ids, starts = vocab.encode(sentences)
    questions = np.concatenate(list(analogy_ids(vocab, planted_analogies()).values()))
    words = len(ids) * args.epochs

    def reference(seed: int) -> np.ndarray:
        W, _, _ = word2vec.train_word2vec(
            ids, starts, len(vocab), dim=100, window=5, negatives=5, epochs=args.epochs,
            lr=0.2, batch_size=256, model="cbow", seed=seed,
        )  # fmt: skip
        return W

    def peer(seed: int) -> np.ndarray:
        model = Word2Vec(
            sentences, vector_size=100, window=5, negative=5, min_count=1, sg=0, sample=0,
            epochs=args.epochs, workers=1, seed=seed,
        )  # fmt: skip
        return np.array([model.wv[w] for w in vocab.words])

    results = {}
    with threadpool_limits(1):
        for name, train in (("reference (numpy)", reference), ("gensim Word2Vec", peer)):
            best, accuracies = float("inf"), []
            for seed in range(args.repeats):
                start = time.perf_counter()
                E = train(seed)
                best = min(best, time.perf_counter() - start)
                accuracies.append(analogies.analogy_accuracy(E, questions))
            results[name] = (words / best, accuracies)

    print(
        f"CBOW, negative sampling: {len(sentences)} sentences, {len(ids)} words, vocabulary "
        f"{len(vocab)}, dim 100, window 5, 5 negatives, {args.epochs} epochs, one thread each; "
        f"{len(questions)} analogy questions"
    )
    for name, (speed, accuracies) in results.items():
        print(
            f"  {name:<18} {speed:>10,.0f} words/s   analogy accuracy "
            f"{np.mean(accuracies):.3f} (seeds: {', '.join(f'{a:.3f}' for a in accuracies)})"
        )
    ours, theirs = results["reference (numpy)"][0], results["gensim Word2Vec"][0]
    print(f"  gensim / reference words/s: {theirs / ours:.2f} (goal: at most 4)")


if __name__ == "__main__":
    main()
