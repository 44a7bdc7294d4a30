"""Question 2: the lecture's CBOW gradients and update rules (梯度更新)."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import (
    as_array,
    assert_close,
    assert_dtype,
    assert_equal,
    assert_shape,
    assert_that,
)
from nnkit.oracles import torch_cbow_gradients, torch_cbow_signals

OK_FORMAT = False
name = "q2"


def check_backward(word2vec, W_prime, y, target, e_t, EH_t, where):
    y_copy = y.copy()
    result = word2vec.cbow_backward(y, target, W_prime)
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 2,
        "cbow_backward(y, target, W_prime) should return a tuple (e, EH)",
    )
    e, EH = as_array("e", result[0]), as_array("EH", result[1])
    assert_shape("e", e, y.shape)
    assert_shape("EH", EH, (len(y), W_prime.shape[1]))
    assert_dtype("e", e, y.dtype)
    assert_close(
        "e", e, e_t, kind="gradient", hint=f"{where}: e_j = y_j - t_j, t the one-hot target"
    )
    assert_close(
        "EH",
        EH,
        EH_t,
        kind="gradient",
        hint=f"{where}: EH_i = sum_j e_j w'_ij, w'_ij = W_prime[j, i]",
    )
    assert_equal(
        "y", y, y_copy, hint="cbow_backward must not modify y (copy it before subtracting t)"
    )
    return e, EH


def check_update(word2vec, W, W_prime, context, target, eta, where):
    h, y, e, EH = torch_cbow_signals(W, W_prime, context, target)
    copies = W.copy(), W_prime.copy(), context.copy()
    result = word2vec.cbow_update(W, W_prime, context, h, e, EH, eta)
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 2,
        "cbow_update(...) should return a tuple (W_new, W_prime_new)",
    )
    W_new, W_prime_new = as_array("W_new", result[0]), as_array("W_prime_new", result[1])
    assert_shape("W_new", W_new, W.shape)
    assert_shape("W_prime_new", W_prime_new, W_prime.shape)
    assert_dtype("W_new", W_new, W.dtype)
    assert_dtype("W_prime_new", W_prime_new, W_prime.dtype)
    dW, dW_prime = torch_cbow_gradients(W, W_prime, context, target)
    assert_close(
        "W_prime_new",
        W_prime_new,
        W_prime - eta * dW_prime,
        kind="gradient",
        hint=f"{where}: every output vector moves, v'_j <- v'_j - eta e_j h, summed over examples",
    )
    assert_close(
        "W_new",
        W_new,
        W - eta * dW,
        kind="gradient",
        hint=f"{where}: each context word's input vector moves by -(1/C) eta EH, once per "
        "occurrence (a word twice in a context gets 2/C), summed over examples",
    )
    untouched = np.setdiff1d(np.arange(len(W)), context)
    assert_equal(
        "rows of W_new of words in no context",
        W_new[untouched],
        W[untouched],
        hint="only the input vectors of context words change; the others must stay bit-identical",
    )
    for label, before, after in zip(("W", "W_prime", "context"), copies, (W, W_prime, context)):
        assert_equal(
            label, after, before, hint="cbow_update must return new arrays, not modify its inputs"
        )
    return (W_new, W_prime_new)


def cbow_case(rng, V, N, B, C, dtype=np.float64, context_words=None):
    """Drawn from ``rng`` in this order: W and W_prime (V, N), standard normal in ``dtype``;
    context word ids (B, C) below ``context_words`` (default V); target ids (B,)."""
    W = rng.standard_normal((V, N)).astype(dtype)
    W_prime = rng.standard_normal((V, N)).astype(dtype)
    context = rng.integers(context_words or V, size=(B, C))
    return W, W_prime, context, rng.integers(V, size=B)


@test_case(points=2, hidden=False)
def test_error_signals_against_autograd(word2vec):
    rng = np.random.default_rng(20)
    for dtype in (np.float64, np.float32):
        W, W_prime, context, target = cbow_case(rng, V=8, N=3, B=4, C=3, dtype=dtype)
        _, y, e_t, EH_t = torch_cbow_signals(W, W_prime, context, target)
        e, _ = check_backward(word2vec, W_prime, y, target, e_t, EH_t, f"{np.dtype(dtype)}")
        assert_close(
            "sum_j e_j", e.sum(axis=1), np.zeros(len(target)), hint="y sums to 1 and t sums to 1"
        )
        check_backward(word2vec, W_prime, y, target, e_t, EH_t, "second identical call")


@test_case(points=2, hidden=False)
def test_update_is_minus_eta_times_the_gradient(word2vec):
    rng = np.random.default_rng(21)
    V, N = 10, 4
    W, W_prime = rng.standard_normal((V, N)), rng.standard_normal((V, N))
    # One example, as on the slide: words 0..8 are never in the context.
    check_update(word2vec, W, W_prime, np.array([[3, 7, 9, 1]]), np.array([5]), 0.1, "one example")
    # Two examples sharing word 3: both updates reach its row.
    check_update(
        word2vec, W, W_prime, np.array([[3, 7], [3, 1]]), np.array([5, 0]), 0.5, "two examples"
    )


@test_case(points=1, hidden=False)
def test_repeated_context_word_gets_two_shares(word2vec):
    rng = np.random.default_rng(22)
    V, N, C, eta = 6, 3, 4, 0.3
    W, W_prime = rng.standard_normal((V, N)), rng.standard_normal((V, N))
    context = np.array([[2, 4, 2, 1]])  # word 2 twice
    W_new, _ = check_update(
        word2vec, W, W_prime, context, np.array([0]), eta, "word 2 twice in the context"
    )
    _, _, _, EH = torch_cbow_signals(W, W_prime, context, np.array([0]))
    assert_close(
        "W_new[2] - W[2]",
        W_new[2] - W[2],
        -2 / C * eta * EH[0],
        kind="gradient",
        hint="a word twice in the context moves by 2/C eta EH: W[context] -= ... applies one "
        "of the two updates only (use np.add.at)",
    )
