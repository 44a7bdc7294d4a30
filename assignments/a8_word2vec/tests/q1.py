"""Question 1: CBOW forward pass and loss with the full softmax (连续词袋(CBOW)模型)."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import (
    as_array,
    assert_close,
    assert_dtype,
    assert_equal,
    assert_shape,
    assert_that,
    strict_numerics,
)
from nnkit.oracles import torch_cbow, torch_cbow_hidden

OK_FORMAT = False
name = "q1"


def check_forward(word2vec, W, W_prime, context, target, where):
    copies = [W.copy(), W_prime.copy(), context.copy(), target.copy()]
    result = word2vec.cbow_forward(W, W_prime, context, target)
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 3,
        "cbow_forward(...) should return a tuple (E, h, y)",
    )
    E, h, y = (as_array(n, r) for n, r in zip(("E", "h", "y"), result))
    B, V, N = len(target), len(W_prime), W.shape[1]
    for label, arr, shape in (("E", E, (B,)), ("h", h, (B, N)), ("y", y, (B, V))):
        assert_shape(label, arr, shape)
        assert_dtype(label, arr, W.dtype)
    E_t, h_t, y_t = torch_cbow(W, W_prime, context, target)
    assert_close("h", h, h_t, hint=f"{where}: h is the mean of the rows W[w] of the context words")
    assert_close("y", y, y_t, hint=f"{where}: y_j = exp(u_j) / sum_j' exp(u_j') with u = W' h")
    assert_close(
        "E", E, E_t, hint=f"{where}: E = -u[w_O] + log sum_j exp(u_j), one value per example"
    )
    for label, before, after in zip(
        ("W", "W_prime", "context", "target"), copies, (W, W_prime, context, target)
    ):
        assert_equal(label, after, before, hint="cbow_forward must not modify its inputs")
    return E, h, y


def cbow_case(rng, V, N, B, C, dtype=np.float64, scale=1.0):
    """Drawn from ``rng`` in this order: W and W_prime (V, N), standard normal times
    ``scale`` in ``dtype``; context word ids (B, C); target ids (B,)."""
    W = (rng.standard_normal((V, N)) * scale).astype(dtype)
    W_prime = (rng.standard_normal((V, N)) * scale).astype(dtype)
    return W, W_prime, rng.integers(V, size=(B, C)), rng.integers(V, size=B)


@test_case(points=1, hidden=False)
def test_hidden_layer_is_the_mean_of_input_vectors(word2vec):
    rng = np.random.default_rng(10)
    W = rng.standard_normal((7, 3))
    # The third example reads word 2 twice: it counts twice in the mean.
    context = np.array([[0, 1, 2, 3], [6, 5, 4, 3], [2, 2, 5, 0]])
    for attempt in ("first", "second"):
        h = as_array("cbow_hidden(W, context)", word2vec.cbow_hidden(W, context))
        assert_shape("cbow_hidden(W, context)", h, (3, 3))
        assert_close(
            "cbow_hidden(W, context)",
            h,
            torch_cbow_hidden(W, context),
            hint=f"({attempt} call) W · x_c with a one-hot x_c is row W[w_c]; h is the mean "
            "of the C rows, a repeated word counted each time",
        )


@test_case(points=2, hidden=False)
def test_forward_against_torch(word2vec):
    rng = np.random.default_rng(11)
    for dtype in (np.float64, np.float32):
        W, W_prime, context, target = cbow_case(rng, V=9, N=4, B=5, C=4, dtype=dtype)
        first = check_forward(word2vec, W, W_prime, context, target, f"{np.dtype(dtype)} inputs")
        second = check_forward(word2vec, W, W_prime, context, target, "second identical call")
        for label, a, b in zip(("E", "h", "y"), first, second):
            assert_equal(label, b, a, hint="two identical calls must give identical results")


@test_case(points=1, hidden=False)
def test_zero_output_vectors_give_log_V(word2vec):
    rng = np.random.default_rng(12)
    V, N = 6, 3
    W = rng.standard_normal((V, N))
    context = np.array([[1, 2], [3, 3]])
    E, _, y = check_forward(word2vec, W, np.zeros((V, N)), context, np.array([0, 5]), "W' = 0")
    # With every score 0 the softmax is uniform: y_j = 1/V and E = log V.
    assert_close("y with W' = 0", y, np.full((2, V), 1 / V))
    assert_close("E with W' = 0", E, np.full(2, np.log(V)), hint="E = log V when every u_j = 0")


@test_case(points=1, hidden=False)
def test_large_scores_are_stable(word2vec):
    rng = np.random.default_rng(13)
    W, W_prime, context, _ = cbow_case(rng, V=8, N=4, B=4, C=3, scale=30)  # scores in the thousands
    # The least likely word of each example as the target: its probability underflows to 0.
    target = (W[context].mean(axis=1) @ W_prime.T).argmin(axis=1)
    with strict_numerics(word2vec):
        check_forward(
            word2vec, W, W_prime, context, target, "scores in the thousands (exp overflows)"
        )
