"""Question 5: the RNN language model (神经语言模型, 基于RNN的语言模型) against the given
n-gram model."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import (
    as_array,
    as_float,
    assert_close,
    assert_equal,
    assert_shape,
    assert_that,
    strict_numerics,
)
from nnkit.grading import reference
from nnkit.markov import random_markov_source
from nnkit.oracles import torch_elman_lm

OK_FORMAT = False
name = "q5"


def check_rnn(language_models, E, U, V, s0, inputs, targets, where):
    copies = [a.copy() for a in (E, U, V, s0, inputs, targets)]
    result = language_models.rnn_lm_forward(E, U, V, inputs, targets, s0)
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 3,
        "rnn_lm_forward(...) should return a tuple (loss, s_last, cache)",
    )
    loss = as_float("loss", result[0])
    s_last = as_array("s_last", result[1])
    loss_t, s_t, expected = torch_elman_lm(E, U, V, s0, inputs, targets)
    assert_close(
        "loss",
        loss,
        loss_t,
        hint=f"{where}: x(t) = [E[w(t)], s(t-1)], s(t) = sigmoid(U x(t)), "
        "y(t) = softmax(V s(t)), loss the mean of -log y_target(t)",
    )
    assert_shape("s_last", s_last, s0.shape)
    assert_close("s_last", s_last, s_t, hint=f"{where}: the state after the last step")
    grads = language_models.rnn_lm_backward(result[2])
    assert_that(
        isinstance(grads, (tuple, list)) and len(grads) == 4,
        "rnn_lm_backward(cache) should return (dE, dU, dV, ds0)",
    )
    for label, got, exp in zip(("dE", "dU", "dV", "ds0"), grads, expected):
        assert_close(
            label,
            as_array(label, got),
            exp,
            kind="gradient",
            hint=f"{where}: BPTT of the mean loss; the error at s(t) adds what y(t) "
            "and s(t+1) send back",
        )
    for label, before, after in zip(
        ("E", "U", "V", "s0", "inputs", "targets"), copies, (E, U, V, s0, inputs, targets)
    ):
        assert_equal(label, after, before, hint="the RNN functions must not modify their inputs")


def rnn_params(rng, n_words, m, H, B, scale=1.0, dtype=np.float64):
    """E (n_words, m), U (H, m + H), V (n_words, H): standard normal times ``scale``, U and
    V divided by the square root of their fan-in; s0 (B, H) uniform in [0, 1)."""
    return (
        (rng.standard_normal((n_words, m)) * scale).astype(dtype),
        (rng.standard_normal((H, m + H)) * scale / np.sqrt(m + H)).astype(dtype),
        (rng.standard_normal((n_words, H)) * scale / np.sqrt(H)).astype(dtype),
        rng.uniform(0, 1, size=(B, H)).astype(dtype),
    )


def rnn_words(rng, n_words, B, T):
    """The words read (B, T) and the words to predict (B, T), drawn in this order."""
    return rng.integers(n_words, size=(B, T)), rng.integers(n_words, size=(B, T))


@test_case(points=2, hidden=False)
def test_rnn_forward_and_bptt_against_autograd(language_models):
    rng = np.random.default_rng(52)
    n_words, m, H, B, T = 6, 3, 4, 2, 5
    inputs, targets = rnn_words(rng, n_words, B, T)
    inputs[0, :3] = 2  # a word read several times: its embedding row sums its gradients
    inputs[:, 3] = 4  # ... also by both sequences at the same step
    E, U, V, s0 = rnn_params(rng, n_words, m, H, B)
    check_rnn(language_models, E, U, V, s0, inputs, targets, "B=2, T=5")
    check_rnn(language_models, E, U, V, s0, inputs, targets, "a second identical call")


@test_case(points=1, hidden=False)
def test_rnn_large_pre_activations(language_models):
    rng = np.random.default_rng(53)
    # sigmoid and softmax inputs in the hundreds
    params = rnn_params(rng, n_words=5, m=3, H=4, B=2, scale=300.0)
    words = rnn_words(rng, n_words=5, B=2, T=4)
    with strict_numerics(language_models):
        check_rnn(language_models, *params, *words, "pre-activations in the hundreds")


@test_case(points=2, hidden=True)
def test_rnn_other_shapes(language_models):
    rng = np.random.default_rng(54)
    for n_words, m, H, B, T, dtype in (
        (9, 5, 7, 3, 12, np.float64),
        (4, 2, 3, 1, 1, np.float64),
        (7, 4, 6, 4, 6, np.float32),
    ):
        params = rnn_params(rng, n_words, m, H, B, dtype=dtype)
        words = rnn_words(rng, n_words, B, T)
        check_rnn(language_models, *params, *words, f"B={B}, T={T}, {np.dtype(dtype)}")


@test_case(points=2, hidden=True)
def test_rnn_beats_the_bigram_on_an_order_2_source(language_models):
    # Context longer than one word matters here; the bigram cannot see it, the RNN's state
    # can. Reference over seeds 0..9 (20,000 training words, 2 epochs): RNN perplexity is
    # 0.68 to 0.80 times the bigram's.
    ref = reference("a8_word2vec", "language_models")
    source = random_markov_source([f"w{i}" for i in range(5)], order=2, seed=156, concentration=0.3)
    train, held_out = source.sample_ids(20_000, seed=56), source.sample_ids(5_000, seed=1056)
    bigram = ref.ngram_perplexity(ref.ngram_probabilities(train, 2, 5, 0.1), held_out, 2)
    params, losses = language_models.train_rnn_lm(
        train, 5, embed_dim=8, hidden=16, epochs=2, lr=0.02, seed=56
    )
    weights = {k: as_array(k, params[k]) for k in ("E", "U", "V")}
    rnn = ref.rnn_lm_perplexity(weights, held_out)
    assert_that(
        rnn < bigram,
        f"held-out perplexity of the RNN {rnn:.3f} is not below the bigram's {bigram:.3f}: "
        "check the BPTT gradients",
    )
