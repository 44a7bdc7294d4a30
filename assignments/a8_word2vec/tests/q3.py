"""Question 3: negative sampling: the noise words, the loss and its gradients, the SGD step."""

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
    call_checking_inputs,
    strict_numerics,
)
from nnkit.given import course_copy
from nnkit.oracles import torch_negative_sampling, torch_negative_sampling_step

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


def ns_case(rng, V, N, B, K, dtype=np.float64, scale=1.0):
    """Drawn from ``rng`` in this order: h (B, N) and W_prime (V, N), standard normal times
    ``scale`` in ``dtype``; target ids (B,); noise word ids (B, K)."""
    h = (rng.standard_normal((B, N)) * scale).astype(dtype)
    W_prime = (rng.standard_normal((V, N)) * scale).astype(dtype)
    return h, W_prime, rng.integers(V, size=B), rng.integers(V, size=(B, K))


def word_vectors(rng, V, N, dtype):
    """W and W_prime (V, N), standard normal in ``dtype``, drawn in this order."""
    return tuple(rng.standard_normal((V, N)).astype(dtype) for _ in ("W", "W_prime"))


def check_step(word2vec, W, W_prime, inputs, weights, outputs, eta, where):
    """negative_sampling_step on copies of W and W_prime (it may update them in place)
    against autograd: the new matrices are the old ones minus eta times the gradient."""
    result = call_checking_inputs(
        "negative_sampling_step",
        word2vec.negative_sampling_step,
        W.copy(),
        W_prime.copy(),
        inputs,
        weights,
        outputs,
        eta,
        only_args=(2, 3, 4),
    )
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 3,
        "negative_sampling_step(...) should return a tuple (W_new, W_prime_new, loss)",
    )
    W_new, W_prime_new = as_array("W_new", result[0]), as_array("W_prime_new", result[1])
    loss = as_float("loss", result[2])
    for label, got, before in (("W_new", W_new, W), ("W_prime_new", W_prime_new, W_prime)):
        assert_shape(label, got, before.shape)
        assert_dtype(label, got, before.dtype)
    loss_t, dW, dW_prime = torch_negative_sampling_step(W, W_prime, inputs, weights, outputs)
    assert_close(
        "loss",
        loss,
        loss_t,
        hint=f"{where}: the sum of E_b over the minibatch, before the step, with "
        "h_b = Σ_c weights[b, c] v_{inputs[b, c]}",
    )
    assert_close(
        "W_prime_new",
        W_prime_new,
        W_prime - eta * dW_prime,
        kind="gradient",
        hint=f"{where}: each output word's vector moves by -η times its gradient (the d_rows "
        "of negative_sampling_loss); a word used twice (drawn twice, or target and noise "
        "word) gets both: W_prime[outputs] -= ... keeps only one of them",
    )
    assert_close(
        "W_new",
        W_new,
        W - eta * dW,
        kind="gradient",
        hint=f"{where}: each input word's vector moves by -η weights[b, c] dh_b; a word twice "
        "in a context, or in several examples, gets the sum of its updates",
    )
    for label, got, before, used in (
        ("W_new", W_new, W, inputs),
        ("W_prime_new", W_prime_new, W_prime, outputs),
    ):
        untouched = np.setdiff1d(np.arange(len(before)), used)
        assert_equal(
            f"rows of {label} of words the minibatch does not use",
            got[untouched],
            before[untouched],
            hint="only the vectors of the minibatch's words change",
        )
    return (W_new, W_prime_new, loss)


def planted(n_sentences, seed):
    sentences = planted_corpus(n_sentences, seed=seed)
    vocab = Vocabulary.from_sentences(sentences)
    ids, starts = vocab.encode(sentences)
    questions = np.concatenate(list(analogy_ids(vocab, planted_analogies()).values()))
    return vocab, ids, starts, questions


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
    for dtype in (np.float64, np.float32):
        h, W_prime, targets, negatives = ns_case(rng, V=9, N=4, B=6, K=3, dtype=dtype)
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
    case = ns_case(rng, V=7, N=4, B=5, K=4, scale=30)  # scores of several hundreds, both signs
    with strict_numerics(word2vec):
        check_negative_sampling(word2vec, *case, "scores in the hundreds")


@test_case(points=2, hidden=False)
def test_step_against_autograd(word2vec):
    rng = np.random.default_rng(33)
    V, N = 10, 4
    # CBOW-like rows: padding slots (weight 0) hold word 0; word 3 twice in the second
    # example and once in the third; the last example's context is word 6 four times.
    # Noise word 9 drawn twice for the first example, target 8 drawn as noise for the third.
    cbow = (
        np.array([[1, 2, 3, 0], [3, 5, 3, 7], [3, 8, 0, 0], [6, 6, 6, 6]]),
        np.array([[1, 1, 1, 0], [1, 1, 1, 1], [1, 1, 0, 0], [1, 1, 1, 1]])
        / np.array([[3], [4], [2], [4]]),
        np.array([[4, 9, 9], [2, 5, 1], [8, 3, 8], [9, 4, 2]]),
    )
    # skip-gram rows: one input word of weight 1; word 2 is the input of two examples
    skipgram = np.array([[2], [7], [2]]), np.ones((3, 1)), np.array([[5, 1], [2, 2], [7, 3]])
    for dtype in (np.float64, np.float32):
        W, W_prime = word_vectors(rng, V, N, dtype)
        for label, (inputs, weights, outputs) in (("CBOW", cbow), ("skip-gram", skipgram)):
            where = f"{label} minibatch, {np.dtype(dtype)}"
            first = check_step(
                word2vec, W, W_prime, inputs, weights.astype(dtype), outputs, 0.1, where
            )
            second = check_step(
                word2vec, W, W_prime, inputs, weights.astype(dtype), outputs, 0.1, where
            )
            for name_, a, b in zip(("W_new", "W_prime_new", "loss"), first, second):
                assert_equal(name_, b, a, hint="two identical calls must give identical results")


@test_case(points=1, hidden=False)
def test_trainer_runs_and_is_reproducible(word2vec):
    vocab, ids, starts, _ = planted(300, seed=3)
    V = len(vocab)
    ids_copy = ids.copy()
    for model in ("cbow", "skipgram"):
        runs = [
            course_trainer(word2vec)(
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
    assert_equal("ids", ids, ids_copy, hint="training must not modify the corpus")


def course_trainer(word2vec):
    """The course's train_word2vec driving the submitted negative_sampling_step. Given code
    in a submission is its author's to edit: a case that trains to grade the step must not
    run the submission's own trainer, which could return an embedding made without it.
    (The noise words come from the course's sample_negatives: the trainer hands it a
    Generator, which does not cross into the sandbox; the submitted sampler has cases of
    its own.) On a student's machine, where no course copy exists, the student's own."""
    return course_copy(
        "a8_word2vec", "word2vec", "train_word2vec", word2vec, "negative_sampling_step"
    )


def check_planted_analogies(trainer, analogies, sentences, threshold, **train):
    """Train with ``trainer`` and ``train`` (train_word2vec's keyword arguments) on
    ``sentences`` planted sentences, and ask for at least
    ``threshold`` of the planted analogies (scored by ``analogies``)."""
    vocab, ids, starts, questions = planted(sentences, seed=train["seed"])
    W, _, losses = trainer(ids, starts, len(vocab), **train)
    accuracy = analogies.analogy_accuracy(as_array("W", W), questions)
    label = {"cbow": "CBOW", "skipgram": "skip-gram"}[train["model"]]
    assert_that(
        accuracy >= threshold,
        f"{label} answers {accuracy:.1%} of the planted analogies after {train['epochs']} "
        f"epochs; at least {threshold:.0%} is expected with this budget "
        "(check the gradient signs, the noise words and the learning-rate schedule)",
    )
