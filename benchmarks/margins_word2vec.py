"""Margins of assignment 8's training-based hidden tests: the reference over many seeds.

Not a speed benchmark: it re-measures the distributions the thresholds in
``autograder/a8_word2vec/tests/q3.py`` were chosen from, with the tests' budgets, so that a
change of the reference or of the budgets can be checked against them; and the margin of the
RNN language model over the bigram that the notebook's q5 comparison shows.

- CBOW: 3,000 planted sentences, 32 dimensions, 5 epochs, batch 256, lr 0.2 (threshold 0.70);
- skip-gram: 4,000 planted sentences, 32 dimensions, 2 epochs, batch 1024, lr 0.05
  (threshold 0.80);
- RNN language model on an order-2 Markov source over 5 words, 20,000 training words,
  2 epochs (the course's trainer, which q5's trained case and the notebook use): held-out
  perplexity divided by the add-0.1 bigram's (must be below 1).

    PYTHONPATH=. .venv/bin/python benchmarks/margins_word2vec.py [--seeds 10]
"""

from __future__ import annotations

import argparse

import numpy as np

from nnkit.grading import reference


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    args = parser.parse_args()

    from nnkit.corpus import Vocabulary, analogy_ids, planted_analogies, planted_corpus
    from nnkit.markov import random_markov_source

    word2vec = reference("a8_word2vec", "word2vec")
    analogies = reference("a8_word2vec", "analogies")
    lm = reference("a8_word2vec", "language_models")
    budgets = {
        "cbow": (3000, dict(epochs=5, lr=0.2, batch_size=256), 0.70),
        "skipgram": (4000, dict(epochs=2, lr=0.05, batch_size=1024), 0.80),
    }
    for model, (n_sentences, budget, threshold) in budgets.items():
        accuracies = []
        for seed in range(args.seeds):
            sentences = planted_corpus(n_sentences, seed=seed)
            vocab = Vocabulary.from_sentences(sentences)
            ids, starts = vocab.encode(sentences)
            questions = np.concatenate(list(analogy_ids(vocab, planted_analogies()).values()))
            W, _, _ = word2vec.train_word2vec(
                ids, starts, len(vocab), dim=32, window=5, negatives=5, model=model, seed=seed,
                **budget,
            )  # fmt: skip
            accuracies.append(analogies.analogy_accuracy(W, questions))
        print(
            f"{model:>8}: analogy accuracy {min(accuracies):.3f} .. {max(accuracies):.3f} over "
            f"{args.seeds} seeds (threshold {threshold:.2f}, "
            f"margin {min(accuracies) - threshold:.3f})"
        )
    ratios = []
    for seed in range(args.seeds):
        source = random_markov_source(
            [f"w{i}" for i in range(5)], order=2, seed=100 + seed, concentration=0.3
        )
        train, held_out = (
            source.sample_ids(20_000, seed=seed),
            source.sample_ids(5_000, seed=1000 + seed),
        )
        bigram = lm.ngram_perplexity(lm.ngram_probabilities(train, 2, 5, 0.1), held_out, 2)
        params, _ = lm.train_rnn_lm(train, 5, embed_dim=8, hidden=16, epochs=2, lr=0.02, seed=seed)
        ratios.append(lm.rnn_lm_perplexity(params, held_out) / bigram)
    print(
        f"     rnn: perplexity / bigram's {min(ratios):.3f} .. {max(ratios):.3f} over "
        f"{args.seeds} seeds (must be below 1, margin {1 - max(ratios):.3f})"
    )


if __name__ == "__main__":
    main()
