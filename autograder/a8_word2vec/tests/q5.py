"""Question 5: the RNN language model (神经语言模型, 基于RNN的语言模型) against the given
n-gram model.

The model, its backpropagation through time and its trainer are given; these cases test
rnn_lm_perplexity: the chain rule's next-word losses, the words scored from ``start`` on
(those an n-gram model of order start + 1 scores) and the state carried across segments.
"""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import as_float, assert_close, call_checking_inputs
from nnkit.grading import reference
from nnkit.markov import random_markov_source
from nnkit.oracles import torch_elman_lm

OK_FORMAT = False
name = "q5"

HINT = (
    "read the text from its first word with the zero state, seq_len predictions per "
    "forward, each segment starting from the state the previous one ended with; take "
    "-log y(t) at the next word w_{t+1} from the cache, keep the words from start on, and "
    "return exp of their mean (natural log)"
)


def lm_params(rng, n_words, m, H, scale=1.0, dtype=np.float64):
    """E (n_words, m), U (H, m + H), V (n_words, H): standard normal times ``scale``, U and
    V divided by the square root of their fan-in."""
    return {
        "E": (rng.standard_normal((n_words, m)) * scale).astype(dtype),
        "U": (rng.standard_normal((H, m + H)) * scale / np.sqrt(m + H)).astype(dtype),
        "V": (rng.standard_normal((n_words, H)) * scale / np.sqrt(H)).astype(dtype),
    }


def perplexity(language_models, params, ids, start, seq_len):
    """The submission's rnn_lm_perplexity as a float, its arguments left as they were."""
    got = call_checking_inputs(
        "rnn_lm_perplexity",
        language_models.rnn_lm_perplexity,
        params,
        ids,
        start=start,
        seq_len=seq_len,
    )
    return as_float(f"rnn_lm_perplexity(start={start}, seq_len={seq_len})", got)


def check_perplexity(language_models, params, ids, start, seq_len, expected, where):
    got = perplexity(language_models, params, ids, start, seq_len)
    assert_close(
        f"rnn_lm_perplexity({where}, start={start}, seq_len={seq_len})",
        got,
        np.asarray(expected, dtype=params["E"].dtype),
        hint=HINT,
    )


def torch_perplexity(params, ids, start):
    """exp of the mean next-word loss over the words start..T-1 by PyTorch: the summed loss
    of all T-1 predictions minus that of the first start-1 (same history, zero state)."""
    H = params["U"].shape[0]

    def summed(steps):
        if steps == 0:
            return 0.0
        s0 = np.zeros((1, H), dtype=params["E"].dtype)
        loss = torch_elman_lm(
            params["E"], params["U"], params["V"], s0, ids[None, :steps], ids[None, 1 : steps + 1]
        )[0]
        return float(loss) * steps

    T = len(ids)
    return float(np.exp((summed(T - 1) - summed(start - 1)) / (T - start)))


@test_case(points=1, hidden=False)
def test_uniform_model_and_any_segments(language_models):
    # V = 0: every y(t) is uniform over the 6 words, so the perplexity is 6 whatever the
    # scored words and the segments. Then a random model: seq_len must not change the value.
    rng = np.random.default_rng(55)
    params = lm_params(rng, n_words=6, m=3, H=4)
    params["V"] = np.zeros_like(params["V"])
    ids = rng.integers(6, size=9)
    for start, seq_len in ((1, 100), (3, 2), (8, 1)):
        got = perplexity(language_models, params, ids, start, seq_len)
        assert_close(
            f"rnn_lm_perplexity of a model with V = 0 (start={start}, seq_len={seq_len})",
            got,
            6.0,
            hint="every word has probability 1/6 here; perplexity is exp of the mean "
            "-log P, in nats (not 2 to the power of it)",
        )
    params = lm_params(rng, n_words=6, m=3, H=4, scale=2.0)
    ids = rng.integers(6, size=12)
    whole = perplexity(language_models, params, ids, 2, 100)
    for seq_len in (1, 4):
        got = perplexity(language_models, params, ids, 2, seq_len)
        assert_close(
            f"rnn_lm_perplexity(start=2, seq_len={seq_len}) against seq_len=100 (one segment)",
            got,
            whole,
            hint="the segments are one reading of the text: every segment starts from the "
            "state the previous one ended with, and the first prediction of a segment is the "
            "word after the last word the previous segment read",
        )


@test_case(points=2, hidden=False)
def test_perplexity_against_autograd(language_models):
    # The words from start on, each predicted from the whole history, against PyTorch's
    # losses of the same model; 11 words in segments of 4 (the last one shorter).
    rng = np.random.default_rng(57)
    for dtype in (np.float64, np.float32):
        params = lm_params(rng, n_words=5, m=3, H=4, scale=2.0, dtype=dtype)
        ids = rng.integers(5, size=11)
        ids[:3] = [4, 0, 4]
        for start in (1, 2, 5):
            expected = torch_perplexity(params, ids, start)
            check_perplexity(
                language_models, params, ids, start, 4, expected, f"T=11, {np.dtype(dtype)}"
            )


@test_case(points=2, hidden=True)
def test_perplexity_on_reference_models(language_models):
    ref = reference("a8_word2vec", "language_models")
    rng = np.random.default_rng(58)
    for n_words, m, H, T, scale, dtype, cases in (
        (9, 5, 7, 40, 1.5, np.float64, ((1, 7), (3, 1), (39, 5), (10, 39), (2, 500))),
        (4, 2, 3, 2, 1.0, np.float64, ((1, 1), (1, 3))),
        (30, 6, 8, 25, 3.0, np.float32, ((1, 6), (4, 24))),
    ):
        params = lm_params(rng, n_words, m, H, scale, dtype)
        ids = rng.integers(n_words, size=T)
        for start, seq_len in cases:
            expected = ref.rnn_lm_perplexity(params, ids, start=start, seq_len=T)
            where = f"V_words={n_words}, T={T}, {np.dtype(dtype)}"
            check_perplexity(language_models, params, ids, start, seq_len, expected, where)


@test_case(points=2, hidden=True)
def test_trained_model_against_the_ngrams_on_the_same_words(language_models):
    # The course's RNN trained on an order-2 source (the reference trainer, nothing of the
    # submission), scored from word 2 on as the trigram is, and from word 1 on; segments
    # of 50 and 64 words.
    ref = reference("a8_word2vec", "language_models")
    source = random_markov_source([f"w{i}" for i in range(5)], order=2, seed=157, concentration=0.3)
    train, held_out = source.sample_ids(20_000, seed=57), source.sample_ids(1_500, seed=1057)
    params, _ = ref.train_rnn_lm(train, 5, embed_dim=8, hidden=16, epochs=2, lr=0.02, seed=57)
    ngram = {
        n: ref.ngram_perplexity(ref.ngram_probabilities(train, n, 5, 0.1), held_out[3 - n :], n)
        for n in (2, 3)
    }
    for start, seq_len in ((2, 50), (1, 64)):
        expected = ref.rnn_lm_perplexity(params, held_out, start=start, seq_len=len(held_out))
        got = perplexity(language_models, params, held_out, start, seq_len)
        assert_close(
            f"rnn_lm_perplexity of a trained model on 1,500 held-out words (start={start}, "
            f"seq_len={seq_len})",
            got,
            expected,
            hint=f"on the words from 2 on the bigram scores {ngram[2]:.3f} and the trigram "
            f"{ngram[3]:.3f}; {HINT}",
        )
