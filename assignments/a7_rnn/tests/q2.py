"""Question 2: backpropagation through time (RNN的反向传播学习, BPTT), truncation, clipping."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import as_array, as_float, assert_close, assert_dtype, assert_equal, assert_that
from nnkit.gradcheck import numeric_gradient_array
from nnkit.oracles import torch_clip_grad_norm, torch_rnn, torch_temporal_affine

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


@test_case(points=1, hidden=False)
def test_step_backward(rnn_layers):
    # One step, your own forward and cache: against centred differences (float64) and torch
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
            hint="compared with centred differences of your rnn_step_forward: back through "
            "the tanh first, then through each product",
        )
    x32, h32, W132, W232, b32, dh32 = (a.astype(np.float32) for a in (x, h0, W1, W2, b, dh))
    _, cache = rnn_layers.rnn_step_forward(x32, h32, W132, W232, b32)
    grads = rnn_layers.rnn_step_backward(dh32, cache)
    _, expected = torch_rnn(x32[:, None], h32, W132, W232, b32, np.zeros_like(b32), dh32[:, None])
    expected = (expected[0][:, 0], *expected[1:5])
    for label, got, want in zip(("dx", "dh_prev", "dW1", "dW2", "db"), grads, expected):
        got = assert_dtype(f"rnn_step_backward {label} (float32)", got, np.float32)
        assert_close(f"rnn_step_backward {label} (float32)", got, want, kind="gradient")


@test_case(points=1, hidden=False)
def test_bptt_against_torch(rnn_layers):
    # Your forward, your cache, your backward; N, T, D, H all different. (When q1 fails,
    # fix it first: this case runs your rnn_forward.)
    rng = np.random.default_rng(201)
    for dtype in (np.float64, np.float32):
        x, h0, W1, W2, b_ih, b_hh, dh = random_rnn(rng, 2, 5, 3, 4, dtype)
        _, cache = rnn_layers.rnn_forward(x, h0, W1, W2, b_ih + b_hh)
        grads = rnn_layers.rnn_backward(dh, cache)
        where = f"{np.dtype(dtype).name}, x {x.shape}, H=4"
        compare_with_torch(grads, x, h0, W1, W2, b_ih, b_hh, dh, where)


@test_case(points=2, hidden=False)
def test_lecture_update_counts(rnn_layers):
    # The lecture (RNN的反向传播学习): with three steps, h0 = 0 and a loss only at the last
    # step, BPTT updates V once, W2 twice and W1 three times. The per-step contributions
    # count these updates; in general T, T-1 and 1 for T steps.
    rng = np.random.default_rng(202)
    for T in (3, 5):
        N, D, H, M = 2, 3, 4, 2
        x = rng.standard_normal((N, T, D))
        W1, W2 = rng.standard_normal((D, H)) * 0.5, rng.standard_normal((H, H)) * 0.5
        b, V = rng.standard_normal(H) * 0.1, rng.standard_normal((H, M))
        # The states come from torch and the caches are built in their documented layout,
        # so this case checks your backward passes only.
        h0 = np.zeros((N, H))
        h_torch = torch_rnn(x, h0, W1, W2, b, np.zeros(H))
        rnn_cache, out_cache = (x, h0, W1, W2, h_torch), (h_torch, V)
        dscores = np.zeros((N, T, M))
        dscores[:, -1] = rng.standard_normal((N, M))  # L(y_T, o_T) only
        dh, dV_steps, _ = rnn_layers.temporal_affine_backward(dscores, out_cache, per_step=True)
        _, _, dW1_steps, dW2_steps, _ = rnn_layers.rnn_backward(
            as_array("dh", dh), rnn_cache, per_step=True
        )
        for label, steps, times in (
            ("V", dV_steps, 1),
            ("W2", dW2_steps, T - 1),
            ("W1", dW1_steps, T),
        ):
            steps = as_array(f"per-step d{label}", steps)
            assert_that(
                steps.ndim >= 1 and steps.shape[0] == T,
                f"per_step=True must give d{label} a leading time axis of length {T}, "
                f"got shape {steps.shape}",
            )
            updated = [t for t in range(T) if np.any(steps[t] != 0)]
            assert_equal(
                f"number of steps that update {label} (T={T}, h0=0, loss at the last step)",
                len(updated),
                times,
                hint=f"steps with a non-zero contribution: {updated}; the lecture's example "
                "has V once, W2 twice, W1 three times",
            )
        totals = rnn_layers.rnn_backward(as_array("dh", dh), rnn_cache)
        for label, steps, total in (("dW1", dW1_steps, totals[2]), ("dW2", dW2_steps, totals[3])):
            assert_close(
                f"sum over t of per-step {label}",
                as_array(label, steps).sum(axis=0),
                total,
                kind="gradient",
                hint="the per-step contributions must add up to the per_step=False gradient",
            )


@test_case(points=1, hidden=False)
def test_truncated_bptt(rnn_layers):
    # Against torch with the hidden state detached every k steps; the cache holds torch's
    # states in the documented layout (x, h0, W1, W2, h).
    rng = np.random.default_rng(203)
    x, h0, W1, W2, b_ih, b_hh, dh = random_rnn(rng, 2, 5, 3, 4)
    cache = (x, h0, W1, W2, torch_rnn(x, h0, W1, W2, b_ih, b_hh))
    grads = rnn_layers.rnn_backward(dh, cache, truncate=2)
    compare_with_torch(grads, x, h0, W1, W2, b_ih, b_hh, dh, "truncate=2, T=5", truncate=2)


@test_case(points=1, hidden=False)
def test_output_layer_backward_chain(rnn_layers):
    # Your temporal_affine_forward, its cache, your temporal_affine_backward, against torch.
    rng = np.random.default_rng(205)
    for dtype in (np.float64, np.float32):
        h = np.tanh(rng.standard_normal((2, 3, 5))).astype(dtype)
        V = rng.standard_normal((5, 4)).astype(dtype)
        c = rng.standard_normal(4).astype(dtype)
        dout = rng.standard_normal((2, 3, 4)).astype(dtype)
        _, expected = torch_temporal_affine(h, V, c, dout)
        _, cache = rnn_layers.temporal_affine_forward(h, V, c)
        grads = rnn_layers.temporal_affine_backward(dout, cache)
        assert_that(
            isinstance(grads, tuple) and len(grads) == 3,
            "temporal_affine_backward returns (dh, dV, dc)",
        )
        for label, got, want in zip(("dh", "dV", "dc"), grads, expected):
            got = assert_dtype(label, got, dtype)
            assert_close(
                f"temporal_affine_backward {label} ({np.dtype(dtype).name})",
                got,
                want,
                kind="gradient",
                hint="dV and dc sum over the batch and the time steps",
            )


def check_clip(rnn_layers, grads, max_norm, where):
    expected, expected_norm = torch_clip_grad_norm(grads, max_norm)
    result = rnn_layers.clip_grad_norm([g.copy() for g in grads], max_norm)
    assert_that(
        isinstance(result, tuple) and len(result) == 2,
        "clip_grad_norm returns the pair (clipped, norm)",
    )
    clipped, norm = result
    assert_that(len(clipped) == len(grads), f"clip_grad_norm must return {len(grads)} arrays")
    assert_close(
        f"clip_grad_norm norm ({where})",
        as_float("norm", norm),
        expected_norm,
        hint="the norm of all gradients taken together as one vector",
    )
    for k, (got, want) in enumerate(zip(clipped, expected)):
        got = assert_dtype(f"clipped[{k}]", got, grads[k].dtype)
        assert_close(
            f"clipped[{k}] ({where})",
            got,
            want,
            hint="one factor for all arrays, only when the global norm exceeds max_norm",
        )


@test_case(points=1, hidden=False)
def test_clip_grad_norm(rnn_layers):
    rng = np.random.default_rng(204)
    grads = [rng.standard_normal((3, 4)) * 3, rng.standard_normal(4), rng.standard_normal((2, 2))]
    check_clip(rnn_layers, grads, 1.0, "norm above max_norm")
    check_clip(rnn_layers, grads, 100.0, "norm below max_norm")
    check_clip(rnn_layers, [g.astype(np.float32) for g in grads], 2.5, "float32")


def states_cache(ref, x, h0, W1, W2, b):
    """The documented cache of rnn_forward, built from the states of ``ref.rnn_forward``."""
    h = ref.rnn_forward(x, h0, W1, W2, b)[0]
    return (x, h0, W1, W2, h)
