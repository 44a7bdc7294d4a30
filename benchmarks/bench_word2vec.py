"""The reference word2vec trainer (assignment 8) against gensim's Word2Vec, in one run.

CBOW with negative sampling on the same corpus (``nnkit.corpus.planted_corpus``), dimension
100, window 5, 5 noise words, the same number of epochs, one worker each (numpy's BLAS
limited to one thread; gensim with ``workers=1``), and the same examples: no subsampling of
frequent words (``sample=0``) and full windows (``shrink_windows=False``), since the
reference does neither and gensim would otherwise train fewer (word, context) pairs and look
faster. Both are timed on training alone: the reference's ``train_word2vec`` on the encoded
corpus, gensim's ``train`` after ``build_vocab``. Prints words per second of each (corpus
words times epochs over the best wall time of ``--repeats`` trainings, and over the best CPU
time, which a busy machine disturbs less), their ratios, and the accuracy of both on the
planted analogy questions, scored by the reference's ``analogy_accuracy``. Goals: the
reference's time per word within the bound of benchmarks/goals.py of gensim's, and an
accuracy at least gensim's.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_word2vec.py [--sentences 20000] [--epochs 5]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from goals import verdict

from nnkit.grading import reference as solution


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=20_000)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    from gensim.models import Word2Vec
    from threadpoolctl import threadpool_limits

    from nnkit.corpus import Vocabulary, analogy_ids, planted_analogies, planted_corpus

    word2vec = solution("a8_word2vec", "word2vec")
    analogies = solution("a8_word2vec", "analogies")
    sentences = planted_corpus(args.sentences, seed=0)
    vocab = Vocabulary.from_sentences(sentences)
    ids, starts = vocab.encode(sentences)
    questions = np.concatenate(list(analogy_ids(vocab, planted_analogies()).values()))
    words = len(ids) * args.epochs

    def reference(seed: int) -> tuple[float, float, np.ndarray]:
        start, cpu = time.perf_counter(), time.process_time()
        W, _, _ = word2vec.train_word2vec(
            ids, starts, len(vocab), dim=100, window=5, negatives=5, epochs=args.epochs,
            lr=0.2, batch_size=256, model="cbow", seed=seed,
        )  # fmt: skip
        return time.perf_counter() - start, time.process_time() - cpu, W

    def peer(seed: int) -> tuple[float, float, np.ndarray]:
        model = Word2Vec(
            vector_size=100, window=5, negative=5, min_count=1, sg=0, sample=0,
            shrink_windows=False, epochs=args.epochs, workers=1, seed=seed,
        )  # fmt: skip
        model.build_vocab(sentences)
        start, cpu = time.perf_counter(), time.process_time()
        model.train(sentences, total_examples=model.corpus_count, epochs=model.epochs)
        took = time.perf_counter() - start, time.process_time() - cpu
        return *took, np.array([model.wv[w] for w in vocab.words])

    # the two alternate, so that a busy machine slows both alike
    trainers = {"reference (numpy)": reference, "gensim Word2Vec": peer}
    wall, cpu, accuracies = ({name: [] for name in trainers} for _ in range(3))
    with threadpool_limits(1):
        for seed in range(args.repeats):
            for name, train in trainers.items():
                took, took_cpu, E = train(seed)
                wall[name].append(took)
                cpu[name].append(took_cpu)
                accuracies[name].append(analogies.analogy_accuracy(E, questions))

    print(
        f"CBOW, negative sampling: {len(sentences)} sentences, {len(ids)} words, vocabulary "
        f"{len(vocab)}, dim 100, window 5 (full), 5 negatives, no subsampling, {args.epochs} "
        f"epochs; one thread each (numpy's BLAS 1 thread, gensim workers=1); best of "
        f"{args.repeats}; {len(questions)} analogy questions"
    )
    speed = {name: words / min(wall[name]) for name in trainers}
    speed_cpu = {name: words / min(cpu[name]) for name in trainers}
    for name in trainers:
        print(
            f"  {name:<18} {speed[name]:>10,.0f} words/s ({speed_cpu[name]:>10,.0f} per CPU "
            f"second)   analogy accuracy {np.mean(accuracies[name]):.3f} "
            f"(seeds: {', '.join(f'{a:.3f}' for a in accuracies[name])})"
        )
    ours, theirs = "reference (numpy)", "gensim Word2Vec"
    print(
        f"{verdict('word2vec_cbow', speed[theirs] / speed[ours])}  [per CPU second: "
        f"{speed_cpu[theirs] / speed_cpu[ours]:.2f}x]"
    )


if __name__ == "__main__":
    main()
