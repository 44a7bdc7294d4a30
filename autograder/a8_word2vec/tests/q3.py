"""Question 3: negative sampling, skip-gram and a minibatch trainer."""

import numpy as np
from otter.test_files import test_case

from nnkit.corpus import Vocabulary, analogy_ids, planted_analogies, planted_corpus
from nnkit.feedback import (
    as_array,
    assert_close,
    assert_dtype,
    assert_equal,
    assert_shape,
    assert_that,
    expect_value_error,
    strict_numerics,
)
from nnkit.grading import reference
from nnkit.oracles import torch_negative_sampling

OK_FORMAT = False
name = "q3"


def check_negative_sampling(word2vec, h, W_prime, targets, negatives, where):
    copies = h.copy(), W_prime.copy(), targets.copy(), negatives.copy()
    result = word2vec.negative_sampling_loss(h, W_prime, targets, negatives)
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 3,
        "negative_sampling_loss(...) should return a tuple (E, dh, d_rows)",
    )
    E, dh, d_rows = (as_array(n, r) for n, r in zip(("E", "dh", "d_rows"), result))
    B, K = negatives.shape
    for label, arr, shape in (
        ("E", E, (B,)),
        ("dh", dh, h.shape),
        ("d_rows", d_rows, (B, 1 + K, h.shape[1])),
    ):
        assert_shape(label, arr, shape)
        assert_dtype(label, arr, h.dtype)
    used = np.concatenate([targets[:, None], negatives], axis=1)
    E_t, dh_t, d_rows_t = torch_negative_sampling(h, W_prime[used])
    assert_close("E", E, E_t, hint=f"{where}: E = -log σ(v'_o·h) - Σ_k log σ(-v'_nk·h)")
    assert_close(
        "dh",
        dh,
        dh_t,
        kind="gradient",
        hint=f"{where}: dh = (σ(v'_o·h) - 1) v'_o + Σ_k σ(v'_nk·h) v'_nk",
    )
    assert_close(
        "d_rows",
        d_rows,
        d_rows_t,
        kind="gradient",
        hint=f"{where}: d_rows[b, 0] is for the target's v', d_rows[b, 1 + k] for negative k",
    )
    for label, before, after in zip(
        ("h", "W_prime", "targets", "negatives"), copies, (h, W_prime, targets, negatives)
    ):
        assert_equal(label, after, before, hint="negative_sampling_loss must not modify its inputs")
    return E, dh, d_rows


def planted(n_sentences, seed):
    sentences = planted_corpus(n_sentences, seed=seed)
    vocab = Vocabulary.from_sentences(sentences)
    ids, starts = vocab.encode(sentences)
    questions = np.concatenate(list(analogy_ids(vocab, planted_analogies()).values()))
    return vocab, ids, starts, questions


@test_case(points=1, hidden=False)
def test_noise_distribution(word2vec):
    counts = np.array([1, 16, 0, 81])
    # 1, 16 and 81 to the power 3/4 are 1, 8 and 27.
    noise = as_array("noise_distribution(counts)", word2vec.noise_distribution(counts))
    assert_dtype("noise_distribution(counts)", noise, np.float64)
    assert_close(
        "noise_distribution([1, 16, 0, 81])",
        noise,
        np.array([1, 8, 0, 27]) / 36,
        hint="P_n(w) is proportional to count(w) ** 0.75, normalised to sum 1",
    )
    assert_close(
        "noise_distribution([1, 16, 0, 81], power=1)",
        word2vec.noise_distribution(counts, 1.0),
        counts / 98,
        hint="power 1 is the unigram distribution",
    )
    assert_equal("counts", counts, np.array([1, 16, 0, 81]), hint="do not modify counts")
    expect_value_error(
        lambda: word2vec.noise_distribution(np.array([3, -1, 2])), "a negative count"
    )
    expect_value_error(lambda: word2vec.noise_distribution(np.zeros(4)), "all counts zero")


@test_case(points=1, hidden=False)
def test_sample_negatives_documented_draws(word2vec):
    noise = np.array([1, 8, 0, 27, 12]) / 48
    for seed, shape in ((0, (4, 5)), (123, (7, 2))):
        draws = as_array(
            f"sample_negatives(noise, {shape}, {seed})",
            word2vec.sample_negatives(noise, shape, seed),
        )
        assert_that(
            draws.dtype.kind in "iu",
            f"sample_negatives returned dtype {draws.dtype}: word ids are integers",
        )
        assert_equal(
            f"sample_negatives(noise, {shape}, {seed})",
            draws,
            np.random.default_rng(seed).choice(len(noise), size=shape, p=noise),
            hint="the documented draws: np.random.default_rng(seed).choice(V, size=shape, p=noise)",
        )
        assert_equal(
            "a second call with the same seed",
            word2vec.sample_negatives(noise, shape, seed),
            draws,
            hint="the same seed must give the same draws",
        )
    assert_that(
        not (as_array("draws", word2vec.sample_negatives(noise, (200,), 1)) == 2).any(),
        "sample_negatives drew word 2, whose probability is 0",
    )


@test_case(points=2, hidden=False)
def test_negative_sampling_loss_against_autograd(word2vec):
    rng = np.random.default_rng(30)
    V, N, B, K = 9, 4, 6, 3
    for dtype in (np.float64, np.float32):
        h = rng.standard_normal((B, N)).astype(dtype)
        W_prime = rng.standard_normal((V, N)).astype(dtype)
        targets = rng.integers(V, size=B)
        negatives = rng.integers(V, size=(B, K))
        negatives[0] = [4, 4, targets[0]]  # a word drawn twice, and the target drawn as noise
        first = check_negative_sampling(
            word2vec, h, W_prime, targets, negatives, f"{np.dtype(dtype)}"
        )
        second = check_negative_sampling(word2vec, h, W_prime, targets, negatives, "second call")
        for label, a, b in zip(("E", "dh", "d_rows"), first, second):
            assert_equal(label, b, a, hint="two identical calls must give identical results")


@test_case(points=1, hidden=False)
def test_negative_sampling_large_scores(word2vec):
    rng = np.random.default_rng(31)
    h = rng.standard_normal((5, 4)) * 30
    W_prime = rng.standard_normal((7, 4)) * 30  # scores of several hundreds, both signs
    with strict_numerics(word2vec):
        check_negative_sampling(
            word2vec,
            h,
            W_prime,
            rng.integers(7, size=5),
            rng.integers(7, size=(5, 4)),
            "scores in the hundreds",
        )


@test_case(points=1, hidden=False)
def test_trainer_runs_and_is_reproducible(word2vec):
    vocab, ids, starts, _ = planted(300, seed=3)
    V = len(vocab)
    for model in ("cbow", "skipgram"):
        runs = [
            word2vec.train_word2vec(
                ids,
                starts,
                V,
                dim=8,
                window=3,
                negatives=3,
                epochs=3,
                lr=0.05,
                batch_size=64,
                model=model,
                seed=5,
            )
            for _ in range(2)
        ]
        W, W_prime, losses = (as_array(n, r) for n, r in zip(("W", "W_prime", "losses"), runs[0]))
        assert_shape(f"{model}: W", W, (V, 8))
        assert_shape(f"{model}: W_prime", W_prime, (V, 8))
        assert_shape(f"{model}: losses", losses, (3,))
        assert_that(np.isfinite(losses).all(), f"{model}: losses {losses} are not all finite")
        assert_that(losses[-1] < losses[0], f"{model}: the loss did not go down: {losses}")
        for label, a, b in zip(("W", "W_prime", "losses"), runs[0], runs[1]):
            assert_equal(
                f"{model}: {label} of a second run with the same seed",
                b,
                a,
                hint="all randomness comes from the seed",
            )
    ids_copy = ids.copy()
    expect_value_error(
        lambda: word2vec.train_word2vec(ids, starts, V, epochs=1, model="glove"), "model='glove'"
    )
    assert_equal("ids", ids, ids_copy, hint="train_word2vec must not modify the corpus")


@test_case(points=1, hidden=True)
def test_negative_sampling_other_shapes(word2vec):
    ref = reference("a8_word2vec", "word2vec")
    rng = np.random.default_rng(32)
    for V, N, B, K, dtype in ((40, 16, 32, 1, np.float64), (25, 8, 3, 15, np.float32)):
        h = rng.standard_normal((B, N)).astype(dtype)
        W_prime = rng.standard_normal((V, N)).astype(dtype)
        targets, negatives = rng.integers(V, size=B), rng.integers(V, size=(B, K))
        got = check_negative_sampling(word2vec, h, W_prime, targets, negatives, f"K={K}")
        for label, a, b in zip(
            ("E", "dh", "d_rows"), got, ref.negative_sampling_loss(h, W_prime, targets, negatives)
        ):
            assert_close(label, a, b, kind="gradient")


def check_planted_analogies(word2vec, analogies, sentences, threshold, **train):
    """Train with ``train`` (train_word2vec's keyword arguments) on ``sentences`` planted
    sentences and ask for at least ``threshold`` of the planted analogies (scored by
    ``analogies``)."""
    vocab, ids, starts, questions = planted(sentences, seed=train["seed"])
    W, _, losses = word2vec.train_word2vec(ids, starts, len(vocab), **train)
    accuracy = analogies.analogy_accuracy(as_array("W", W), questions)
    label = {"cbow": "CBOW", "skipgram": "skip-gram"}[train["model"]]
    assert_that(
        accuracy >= threshold,
        f"{label} answers {accuracy:.1%} of the planted analogies after {train['epochs']} "
        f"epochs; at least {threshold:.0%} is expected with this budget "
        "(check the gradient signs, the noise words and the learning-rate schedule)",
    )


@test_case(points=2, hidden=True)
def test_cbow_learns_the_planted_analogies(word2vec):
    # Analogy accuracy on the planted set after a fixed budget (32 dimensions). Each
    # threshold sits below the reference's accuracy over seeds 0..9 with the same budget:
    # CBOW, 3,000 sentences, 5 epochs: 0.801 to 0.903; skip-gram (the next case), 4,000
    # sentences, 2 epochs: 0.898 to 0.990. (Inside the hidden case: not in the public file.)
    analogies = reference("a8_word2vec", "analogies")
    budget = dict(dim=32, window=5, negatives=5, epochs=5, lr=0.2, batch_size=256)
    check_planted_analogies(word2vec, analogies, 3000, 0.7, model="cbow", seed=41, **budget)


@test_case(points=2, hidden=True)
def test_skipgram_learns_the_planted_analogies(word2vec):
    analogies = reference("a8_word2vec", "analogies")
    budget = dict(dim=32, window=5, negatives=5, epochs=2, lr=0.05, batch_size=1024)
    check_planted_analogies(word2vec, analogies, 4000, 0.8, model="skipgram", seed=42, **budget)
