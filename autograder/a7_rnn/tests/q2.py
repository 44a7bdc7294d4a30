"""Question 2: backpropagation through time (RNN的反向传播学习, BPTT) and its truncation.

rnn_step_forward and rnn_forward are given; these cases test their backward passes.
"""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import as_array, assert_close, assert_dtype, assert_that
from nnkit.gradcheck import numeric_gradient_array
from nnkit.grading import reference
from nnkit.oracles import torch_rnn

OK_FORMAT = False
name = "q2"

NAMES = ("dx", "dh0", "dW1", "dW2", "db")
HINTS = {
    "dx": "dx[:, t] comes from step t's pre-activation gradient through W1",
    "dh0": "dh0 is what the first step sends back through W2",
    "dW1": "every step adds its own input's share (shapes: (D, N) by (N, H))",
    "dW2": "every step adds the share of the state it started from (h0 for the first step)",
    "db": "every step adds its pre-activation gradient, summed over the batch",
}
BACK_HINT = (
    "walk t from T-1 down to 0; h_t receives dh[:, t] plus what step t+1 sends back; go "
    "back through the tanh (its derivative is a function of h_t) before the products"
)


def random_rnn(rng, N, T, D, H, dtype=np.float64):
    x = rng.standard_normal((N, T, D))
    h0 = rng.standard_normal((N, H)) * 0.5
    W1 = rng.standard_normal((D, H)) * 0.8 / np.sqrt(D)
    W2 = rng.standard_normal((H, H)) * 0.8 / np.sqrt(H)
    b_ih, b_hh = rng.standard_normal(H) * 0.3, rng.standard_normal(H) * 0.3
    dh = rng.standard_normal((N, T, H))
    return tuple(a.astype(dtype) for a in (x, h0, W1, W2, b_ih, b_hh, dh))


def compare_with_torch(grads, x, h0, W1, W2, b_ih, b_hh, dh, where, truncate=None):
    assert_that(
        isinstance(grads, tuple) and len(grads) == 5,
        "rnn_backward returns the tuple (dx, dh0, dW1, dW2, db)",
    )
    _, expected = torch_rnn(x, h0, W1, W2, b_ih, b_hh, dh, truncate=truncate)
    for label, got, want in zip(NAMES, grads, expected):
        got = assert_dtype(label, got, x.dtype)
        hint = HINTS[label] + "; " + BACK_HINT
        if truncate is not None:
            k = truncate
            hint += f"; truncate={k}: no gradient flows from step j*{k} back to step j*{k}-1"
        assert_close(f"{label} ({where})", got, want, kind="gradient", hint=hint)


def rnn_case(seed, N, T, D, H, ref=None):
    """random_rnn's arrays drawn from a generator seeded with ``seed``, and the cache of
    rnn_forward in its documented layout (x, h0, W1, W2, h): the states come from
    ``ref.rnn_forward`` when a reference is given, else from torch."""
    x, h0, W1, W2, b_ih, b_hh, dh = random_rnn(np.random.default_rng(seed), N, T, D, H)
    if ref is None:
        h = torch_rnn(x, h0, W1, W2, b_ih, b_hh)
    else:
        h = ref.rnn_forward(x, h0, W1, W2, b_ih + b_hh)[0]
    return (x, h0, W1, W2, b_ih, b_hh, dh), (x, h0, W1, W2, h)


@test_case(points=1, hidden=False)
def test_step_backward(rnn_layers):
    # One step of the given forward pass: against centred differences (float64) and torch
    # (float32).
    rng = np.random.default_rng(200)
    x, h0, W1, W2, b_ih, b_hh, dh = random_rnn(rng, 2, 1, 3, 4)
    x, dh, b = x[:, 0], dh[:, 0], b_ih + b_hh
    _, cache = rnn_layers.rnn_step_forward(x, h0, W1, W2, b)
    grads = rnn_layers.rnn_step_backward(dh, cache)
    assert_that(
        isinstance(grads, tuple) and len(grads) == 5,
        "rnn_step_backward returns (dx, dh_prev, dW1, dW2, db)",
    )
    inputs = [x, h0, W1, W2, b]
    for k, label in enumerate(("dx", "dh_prev", "dW1", "dW2", "db")):

        def forward(a, k=k):
            args = list(inputs)
            args[k] = a
            return as_array("h_next", rnn_layers.rnn_step_forward(*args)[0])

        assert_close(
            f"rnn_step_backward {label}",
            grads[k],
            numeric_gradient_array(forward, inputs[k].copy(), dh),
            kind="numeric_gradient",
            hint="compared with centred differences of rnn_step_forward: back through the "
            "tanh first, then through each product",
        )
    x32, h32, W132, W232, b32, dh32 = (a.astype(np.float32) for a in (x, h0, W1, W2, b, dh))
    _, cache = rnn_layers.rnn_step_forward(x32, h32, W132, W232, b32)
    grads = rnn_layers.rnn_step_backward(dh32, cache)
    _, expected = torch_rnn(x32[:, None], h32, W132, W232, b32, np.zeros_like(b32), dh32[:, None])
    expected = (expected[0][:, 0], *expected[1:5])
    for label, got, want in zip(("dx", "dh_prev", "dW1", "dW2", "db"), grads, expected):
        got = assert_dtype(f"rnn_step_backward {label} (float32)", got, np.float32)
        assert_close(f"rnn_step_backward {label} (float32)", got, want, kind="gradient")


@test_case(points=2, hidden=False)
def test_bptt_against_torch(rnn_layers):
    # The given forward, its cache, your backward; N, T, D, H all different.
    rng = np.random.default_rng(201)
    for dtype in (np.float64, np.float32):
        x, h0, W1, W2, b_ih, b_hh, dh = random_rnn(rng, 2, 5, 3, 4, dtype)
        _, cache = rnn_layers.rnn_forward(x, h0, W1, W2, b_ih + b_hh)
        grads = rnn_layers.rnn_backward(dh, cache)
        where = f"{np.dtype(dtype).name}, x {x.shape}, H=4"
        compare_with_torch(grads, x, h0, W1, W2, b_ih, b_hh, dh, where)


@test_case(points=1, hidden=False)
def test_truncated_bptt(rnn_layers):
    # Against torch with the hidden state detached every k steps; the cache holds torch's
    # states in the documented layout (x, h0, W1, W2, h).
    arrays, cache = rnn_case(203, 2, 5, 3, 4)
    grads = rnn_layers.rnn_backward(arrays[-1], cache, truncate=2)
    compare_with_torch(grads, *arrays, "truncate=2, T=5", truncate=2)


@test_case(points=2, hidden=True)
def test_bptt_on_reference_states(rnn_layers):
    ref = reference("a7_rnn", "rnn_layers")
    rng = np.random.default_rng(210)
    for N, T, D, H in [(1, 1, 2, 3), (3, 8, 4, 5), (4, 3, 6, 2), (2, 15, 3, 7)]:
        for dtype in (np.float64, np.float32):
            x, h0, W1, W2, b_ih, b_hh, dh = random_rnn(rng, N, T, D, H, dtype)
            h = ref.rnn_forward(x, h0, W1, W2, b_ih + b_hh)[0]
            grads = rnn_layers.rnn_backward(dh, (x, h0, W1, W2, h))
            where = f"{np.dtype(dtype).name}, x {x.shape}, H={H}"
            compare_with_torch(grads, x, h0, W1, W2, b_ih, b_hh, dh, where)


@test_case(points=1, hidden=True)
def test_bptt_numeric(rnn_layers):
    # Centred differences of the reference forward, dh on every step, float64.
    ref = reference("a7_rnn", "rnn_layers")
    (x, h0, W1, W2, b_ih, b_hh, dh), cache = rnn_case(211, 2, 4, 2, 3, ref)
    inputs = [x, h0, W1, W2, b_ih + b_hh]
    grads = rnn_layers.rnn_backward(dh, cache)
    for k, label in enumerate(NAMES):

        def forward(a, k=k):
            args = list(inputs)
            args[k] = a
            return ref.rnn_forward(*args)[0]

        expected = numeric_gradient_array(forward, inputs[k].copy(), dh)
        assert_close(label, grads[k], expected, kind="numeric_gradient", hint=HINTS[label])


@test_case(points=1, hidden=True)
def test_truncation_lengths(rnn_layers):
    ref = reference("a7_rnn", "rnn_layers")
    arrays, cache = rnn_case(213, 2, 7, 3, 4, ref)
    for k in (1, 3, 7, 10):
        grads = rnn_layers.rnn_backward(arrays[-1], cache, truncate=k)
        compare_with_torch(grads, *arrays, f"truncate={k}, T=7", truncate=k)
    x32 = tuple(a.astype(np.float32) for a in arrays)
    h32 = ref.rnn_forward(*x32[:4], x32[4] + x32[5])[0]
    grads = rnn_layers.rnn_backward(x32[-1], (*x32[:4], h32), truncate=3)
    compare_with_torch(grads, *x32, "float32, truncate=3", truncate=3)
