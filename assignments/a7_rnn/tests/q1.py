"""Question 1: the output layer at every step, forward and backward (the lecture's o_t = σ(V h_t)).

The RNN's forward pass (rnn_step_forward, rnn_forward) is given; these cases test the output
layer only, on states drawn at random.
"""

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
from nnkit.oracles import torch_temporal_affine

OK_FORMAT = False
name = "q1"

FORWARD_HINT = "scores[n, t] = h[n, t] @ V + c at every step"
BACK_HINTS = {
    "dh": "dh[n, t] is dout[n, t] sent back through V (shapes: (M,) by (M, H))",
    "dV": "every step of every sequence adds its outer product of h and dout",
    "dc": "dc sums dout over the batch and the time steps",
}


def random_layer(rng, N, T, H, M, dtype=np.float64):
    """States in (-1, 1) as an RNN makes them, weights, bias and an upstream gradient."""
    h = np.tanh(rng.standard_normal((N, T, H)))
    V, c = rng.standard_normal((H, M)), rng.standard_normal(M)
    dout = rng.standard_normal((N, T, M))
    return tuple(a.astype(dtype) for a in (h, V, c, dout))


def layer_cases(seed, shapes, dtypes):
    """random_layer's arrays for every shape (N, T, H, M) in every dtype, in that order, all
    drawn from one generator seeded with ``seed``, each with a description."""
    rng = np.random.default_rng(seed)
    for N, T, H, M in shapes:
        for dtype in dtypes:
            arrays = random_layer(rng, N, T, H, M, dtype)
            yield (*arrays, f"{np.dtype(dtype).name}, h {arrays[0].shape}, M={M}")


def check_forward(rnn_layers, h, V, c, where):
    """Scores against torch; the cache is the documented pair (h, V)."""
    result = rnn_layers.temporal_affine_forward(h, V, c)
    assert_that(
        isinstance(result, tuple) and len(result) == 2,
        "temporal_affine_forward returns the pair (scores, cache)",
    )
    scores = assert_shape("temporal_affine_forward scores", result[0], (*h.shape[:2], V.shape[1]))
    assert_dtype("temporal_affine_forward scores", scores, h.dtype)
    expected = torch_temporal_affine(h, V, c)
    assert_close(f"temporal_affine_forward scores ({where})", scores, expected, hint=FORWARD_HINT)
    cache = result[1]
    assert_that(
        isinstance(cache, tuple) and len(cache) == 2,
        "temporal_affine_forward's cache must be the tuple (h, V)",
    )
    for label, got, want in zip(("h", "V"), cache, (h, V)):
        assert_close(
            f"temporal_affine_forward cache entry {label}",
            as_array(label, got),
            want,
            hint="the cache is the tuple (h, V) of the inputs as given (not modified)",
        )
    return cache


def check_backward(grads, h, V, c, dout, where):
    """The three gradients against torch, in the dtype of the inputs."""
    assert_that(
        isinstance(grads, tuple) and len(grads) == 3,
        "temporal_affine_backward returns (dh, dV, dc)",
    )
    _, expected = torch_temporal_affine(h, V, c, dout)
    for label, got, want in zip(("dh", "dV", "dc"), grads, expected):
        got = assert_dtype(f"temporal_affine_backward {label}", got, h.dtype)
        assert_close(
            f"temporal_affine_backward {label} ({where})",
            got,
            want,
            kind="gradient",
            hint=BACK_HINTS[label],
        )


@test_case(points=1, hidden=False)
def test_output_layer(rnn_layers):
    # N, T, H, M all different: swapping two axes gives a wrong shape or wrong values.
    rng = np.random.default_rng(100)
    for dtype in (np.float64, np.float32):
        h, V, c, _ = random_layer(rng, 2, 3, 5, 4, dtype)
        for call in ("first", "second"):  # a function of its inputs only: same answer twice
            check_forward(rnn_layers, h, V, c, f"{np.dtype(dtype).name}, {call} call")


@test_case(points=1, hidden=False)
def test_output_layer_backward(rnn_layers):
    # Your forward, its cache, your backward, against torch.
    rng = np.random.default_rng(101)
    for dtype in (np.float64, np.float32):
        h, V, c, dout = random_layer(rng, 2, 3, 5, 4, dtype)
        _, cache = rnn_layers.temporal_affine_forward(h, V, c)
        grads = rnn_layers.temporal_affine_backward(dout, cache)
        check_backward(grads, h, V, c, dout, np.dtype(dtype).name)
