"""Question 5: the RNN language model (神经语言模型, 基于RNN的语言模型) against the given
n-gram model.

rnn_lm_forward is given; these cases test its backward pass, rnn_lm_backward, on the
cache the given forward builds.
"""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import (
    as_array,
    as_float,
    assert_close,
    assert_dtype,
    assert_that,
    call_checking_inputs,
    strict_numerics,
)
from nnkit.gradcheck import numeric_gradient
from nnkit.grading import reference
from nnkit.markov import random_markov_source
from nnkit.oracles import torch_elman_lm

OK_FORMAT = False
name = "q5"

NAMES = ("dE", "dU", "dV", "ds0")
HINTS = {
    "dE": "the first m columns of the error at x(t) go to the rows of the words read at "
    "step t, summed when a word is read more than once",
    "dU": "every step adds the error at its pre-activation times x(t)",
    "dV": "every step adds (y(t) minus the one-hot target) / (B·T) times s(t)",
    "ds0": "ds0 is what the first step sends back through the last H columns of U",
}
BACK_HINT = (
    "walk t from T-1 down to 0; the error at s(t) adds what y(t) sends back through V and "
    "what s(t+1) sends back; go back through the sigmoid (f' = f (1 - f) of s(t)) before "
    "the products"
)


def check_bptt(language_models, cache, E, U, V, s0, inputs, targets, where):
    """rnn_lm_backward on ``cache`` (the forward's of these arguments) against torch, with
    the cache left as it was and a second call giving the same gradients."""
    grads = call_checking_inputs("rnn_lm_backward", language_models.rnn_lm_backward, cache)
    assert_that(
        isinstance(grads, (tuple, list)) and len(grads) == 4,
        "rnn_lm_backward(cache) should return (dE, dU, dV, ds0)",
    )
    _, _, expected = torch_elman_lm(E, U, V, s0, inputs, targets)
    for label, got, exp in zip(NAMES, grads, expected):
        got = assert_dtype(f"{label} ({where})", got, E.dtype)
        assert_close(
            f"{label} ({where})",
            got,
            exp,
            kind="gradient",
            hint=HINTS[label] + "; " + BACK_HINT,
        )
    again = language_models.rnn_lm_backward(cache)
    for label, first, second in zip(NAMES, grads, again):
        assert_close(
            f"{label} of a second rnn_lm_backward on the same cache ({where})",
            as_array(label, second),
            as_array(label, first),
            hint="the gradients must depend only on the cache: keep nothing between calls",
        )


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
def test_bptt_against_autograd(language_models):
    # The given forward, its cache, your backward, in float64 and float32.
    rng = np.random.default_rng(52)
    n_words, m, H, B, T = 6, 3, 4, 2, 5
    inputs, targets = rnn_words(rng, n_words, B, T)
    inputs[0, :3] = 2  # a word read several times: its embedding row sums its gradients
    inputs[:, 3] = 4  # ... also by both sequences at the same step
    for dtype in (np.float64, np.float32):
        E, U, V, s0 = rnn_params(rng, n_words, m, H, B, dtype=dtype)
        cache = language_models.rnn_lm_forward(E, U, V, inputs, targets, s0)[2]
        where = f"B=2, T=5, {np.dtype(dtype)}"
        check_bptt(language_models, cache, E, U, V, s0, inputs, targets, where)


@test_case(points=1, hidden=False)
def test_bptt_against_centred_differences(language_models):
    # Every entry of dE, dU, dV and ds0 against (L(θ + h) - L(θ - h)) / 2h of the given
    # forward's loss, float64; word 1 is read twice at the first step.
    rng = np.random.default_rng(53)
    n_words, m, H, B, T = 4, 2, 3, 2, 3
    inputs, targets = rnn_words(rng, n_words, B, T)
    inputs[:, 0] = 1
    params = list(rnn_params(rng, n_words, m, H, B))

    def loss(_):
        E, U, V, s0 = params
        return as_float("loss", language_models.rnn_lm_forward(E, U, V, inputs, targets, s0)[0])

    cache = language_models.rnn_lm_forward(*params[:3], inputs, targets, params[3])[2]
    grads = language_models.rnn_lm_backward(cache)
    assert_that(
        isinstance(grads, (tuple, list)) and len(grads) == 4,
        "rnn_lm_backward(cache) should return (dE, dU, dV, ds0)",
    )
    for k, label in enumerate(NAMES):
        assert_close(
            f"{label} (B=2, T=3)",
            as_array(label, grads[k]),
            numeric_gradient(loss, params[k]),
            kind="numeric_gradient",
            hint="compared with centred differences of rnn_lm_forward's loss: "
            + HINTS[label]
            + "; "
            + BACK_HINT,
        )


@test_case(points=2, hidden=True)
def test_bptt_on_reference_caches(language_models):
    ref = reference("a8_word2vec", "language_models")
    rng = np.random.default_rng(54)
    for n_words, m, H, B, T, dtype in (
        (9, 5, 7, 3, 12, np.float64),
        (4, 2, 3, 1, 1, np.float64),
        (7, 4, 6, 4, 6, np.float32),
    ):
        E, U, V, s0 = rnn_params(rng, n_words, m, H, B, dtype=dtype)
        inputs, targets = rnn_words(rng, n_words, B, T)
        cache = ref.rnn_lm_forward(E, U, V, inputs, targets, s0)[2]
        where = f"B={B}, T={T}, {np.dtype(dtype)}"
        check_bptt(language_models, cache, E, U, V, s0, inputs, targets, where)
    # Saturated states (pre-activations in the thousands and more) and scores in the hundreds.
    E, U, V, s0 = rnn_params(rng, n_words=5, m=3, H=4, B=2, scale=300.0)
    inputs, targets = rnn_words(rng, n_words=5, B=2, T=4)
    cache = ref.rnn_lm_forward(E, U, V, inputs, targets, s0)[2]
    with strict_numerics(language_models):
        check_bptt(language_models, cache, E, U, V, s0, inputs, targets, "saturated states")


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
