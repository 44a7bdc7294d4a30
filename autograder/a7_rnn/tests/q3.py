"""Question 3: the LSTM cell forward and backward (长短期记忆网络, LSTM细胞).

lstm_forward and lstm_backward are given: they run the submitted lstm_step_forward and
lstm_step_backward at every step, so the sequence cases test that cell's forward and
backward passes over many steps. The cases run the course's copies of the two loops: a
submission that edits its own copy earns nothing by it.
"""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import (
    as_array,
    assert_close,
    assert_dtype,
    assert_shape,
    assert_that,
    strict_numerics,
)
from nnkit.given import course_copy
from nnkit.gradcheck import numeric_gradient_array
from nnkit.oracles import torch_lstm, torch_rnn

OK_FORMAT = False
name = "q3"


def _lstm_forward(rnn_layers):
    """The course's copy of the given lstm_forward over the submitted cell: a loop that a
    submission edits cannot earn the cell's points (on a student's machine, where no
    course copy exists, the submission's own)."""
    return course_copy("a7_rnn", "rnn_layers", "lstm_forward", rnn_layers, "lstm_step_forward")


def _lstm_backward(rnn_layers):
    """The course's copy of the given lstm_backward over the submitted cell's backward."""
    return course_copy("a7_rnn", "rnn_layers", "lstm_backward", rnn_layers, "lstm_step_backward")


GATE_HINT = (
    "gate blocks of U, W and b are i, f, o, g in that order (torch.nn.LSTM uses i, f, g, o); "
    "i, f, o are sigmoids, g is a tanh; the memory keeps the part f of c_prev and adds the "
    "part i of g; the state is the tanh of the memory let through by o"
)
BACK_HINT = (
    "c_t receives dc (from step t+1) plus the gradient of s_t through tanh and o; c_{t-1} "
    "receives that total through the forget gate; the four gate gradients go back through U, "
    "W and b"
)
SEQUENCE_HINT = "lstm_forward is given: it runs your lstm_step_forward at every step"
SEQUENCE_BACK_HINT = (
    "lstm_backward is given: it runs your lstm_step_backward at every step; " + BACK_HINT
)
GRAD_NAMES = ("dx", "ds0", "dc0", "dU", "dW", "db")


def random_lstm(rng, N, T, D, H, dtype=np.float64, scale=0.8):
    x = rng.standard_normal((N, T, D))
    s0, c0 = rng.standard_normal((N, H)) * 0.5, rng.standard_normal((N, H))
    U = rng.standard_normal((D, 4 * H)) * scale / np.sqrt(D)
    W = rng.standard_normal((H, 4 * H)) * scale / np.sqrt(H)
    b_ih, b_hh = rng.standard_normal(4 * H) * 0.5, rng.standard_normal(4 * H) * 0.5
    return tuple(a.astype(dtype) for a in (x, s0, c0, U, W, b_ih, b_hh))


def check_sequence(rnn_layers, rng, x, s0, c0, U, W, b_ih, b_hh, where):
    """The given lstm_forward and lstm_backward (your cell's forward and backward passes,
    chained) against torch.nn.LSTMCell over the steps."""
    N, T, _ = x.shape
    H = W.shape[0]
    zeros = np.zeros((N, H), dtype=x.dtype)
    ds = rng.standard_normal((N, T, H)).astype(x.dtype)
    dout = np.stack([ds, np.zeros_like(ds)])
    out, expected = torch_lstm(
        x, zeros if s0 is None else s0, zeros if c0 is None else c0, U, W, b_ih, b_hh, dout
    )
    result = _lstm_forward(rnn_layers)(x, s0, c0, U, W, b_ih + b_hh)
    assert_that(
        isinstance(result, tuple) and len(result) == 3, "lstm_forward returns (s, c, cache)"
    )
    s = assert_dtype(
        "lstm_forward s", assert_shape("lstm_forward s", result[0], (N, T, H)), x.dtype
    )
    c = assert_dtype(
        "lstm_forward c", assert_shape("lstm_forward c", result[1], (N, T, H)), x.dtype
    )
    none = "s0 None, " if s0 is None else ""
    none += "c0 None, " if c0 is None else ""
    hint = f"{SEQUENCE_HINT}; {GATE_HINT}"
    assert_close(f"lstm_forward c ({none}{where})", c, out[1], hint=hint)
    assert_close(f"lstm_forward s ({none}{where})", s, out[0], hint=hint)
    grads = _lstm_backward(rnn_layers)(ds, result[2])
    assert_that(
        isinstance(grads, tuple) and len(grads) == 6,
        "lstm_backward returns (dx, ds0, dc0, dU, dW, db)",
    )
    for label, got, want in zip(GRAD_NAMES, grads, expected):
        got = assert_dtype(label, got, x.dtype)
        assert_close(
            f"lstm_backward {label} ({where})", got, want, kind="gradient", hint=SEQUENCE_BACK_HINT
        )


@test_case(points=1, hidden=False)
def test_step_against_torch(rnn_layers):
    rng = np.random.default_rng(300)
    for dtype in (np.float64, np.float32):
        x, s0, c0, U, W, b_ih, b_hh = random_lstm(rng, 3, 1, 2, 4, dtype)
        out = torch_lstm(x, s0, c0, U, W, b_ih, b_hh)
        for call in ("first", "second"):
            result = rnn_layers.lstm_step_forward(x[:, 0], s0, c0, U, W, b_ih + b_hh)
            assert_that(
                isinstance(result, tuple) and len(result) == 3,
                "lstm_step_forward returns (s, c, cache)",
            )
            where = f"{np.dtype(dtype).name}, {call} call"
            for k, label in ((1, "c"), (0, "s")):
                got = assert_shape(f"lstm_step_forward {label}", result[k], (3, 4))
                got = assert_dtype(f"lstm_step_forward {label}", got, dtype)
                assert_close(
                    f"lstm_step_forward {label} ({where})", got, out[k][:, 0], hint=GATE_HINT
                )


@test_case(points=1, hidden=False)
def test_step_backward_numeric(rnn_layers):
    # Your forward, your cache, your backward, against centred differences (float64).
    rng = np.random.default_rng(301)
    x, s0, c0, U, W, b_ih, _ = random_lstm(rng, 2, 1, 2, 3)
    inputs = [x[:, 0], s0, c0, U, W, b_ih]
    ds, dc = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    _, _, cache = rnn_layers.lstm_step_forward(*inputs)
    grads = rnn_layers.lstm_step_backward(ds, dc, cache)
    assert_that(
        isinstance(grads, tuple) and len(grads) == 6,
        "lstm_step_backward returns (dx, ds_prev, dc_prev, dU, dW, db)",
    )
    for k, label in enumerate(("dx", "ds_prev", "dc_prev", "dU", "dW", "db")):

        def both(a, k=k):
            args = list(inputs)
            args[k] = a
            s, c, _ = rnn_layers.lstm_step_forward(*args)
            return np.stack([as_array("s", s), as_array("c", c)])

        expected = numeric_gradient_array(both, inputs[k].copy(), np.stack([ds, dc]))
        assert_close(
            f"lstm_step_backward {label}",
            grads[k],
            expected,
            kind="numeric_gradient",
            hint="compared with centred differences of your lstm_step_forward (loss "
            "sum(ds*s) + sum(dc*c)): " + BACK_HINT,
        )


@test_case(points=2, hidden=False)
def test_sequence_against_torch(rnn_layers):
    rng = np.random.default_rng(302)
    for dtype in (np.float64, np.float32):
        x, s0, c0, U, W, b_ih, b_hh = random_lstm(rng, 2, 4, 3, 5, dtype)
        where = f"{np.dtype(dtype).name}, x {x.shape}, H=5"
        check_sequence(rnn_layers, rng, x, s0, c0, U, W, b_ih, b_hh, where)
    check_sequence(rnn_layers, rng, x, None, None, U, W, b_ih, b_hh, "float32")


@test_case(points=1, hidden=False)
def test_saturated_gates_keep_the_memory(rnn_layers):
    # f = 1, i = 0 (and o = 1): the cell memory (细胞内存) is carried unchanged, c_t = c_0 at
    # every step, and a gradient on c_T reaches c_0 unchanged. Saturation by biases of ±40:
    # σ(40) = 1 and σ(-40) ≈ 4e-18 in float64.
    rng = np.random.default_rng(303)
    N, T, D, H = 2, 6, 3, 4
    x, s0, c0, U, W, _, _ = random_lstm(rng, N, T, D, H)
    b = np.concatenate([np.full(H, -40.0), np.full(H, 40.0), np.full(H, 40.0), np.zeros(H)])
    s, c, cache = _lstm_forward(rnn_layers)(x, s0, c0, U, W, b)
    c = as_array("lstm_forward c", c)
    assert_close(
        "c with f = 1, i = 0",
        c,
        np.broadcast_to(c0[:, None], (N, T, H)),
        hint="with f = 1 and i = 0 the memory must stay c_0: gate blocks in the order i, f, o, g",
    )
    ds = np.zeros((N, T, H))
    ds[:, -1] = rng.standard_normal((N, H))
    # s_T = tanh(c_T) * 1, so ∂ℓ/∂c_T = ds_T (1 - tanh(c_T)^2), and c_T = c_0.
    dc_T = ds[:, -1] * (1 - np.tanh(c0) ** 2)
    grads = _lstm_backward(rnn_layers)(ds, cache)
    assert_close(
        "dc0 with f = 1, i = 0, o = 1",
        grads[2],
        dc_T,
        kind="gradient",
        hint="with f = 1 the gradient of c_T must reach c_0 unchanged: lstm_step_backward sends "
        "the memory's gradient back through the forget gate",
    )


@test_case(points=1, hidden=False)
def test_candidate_is_the_plain_rnn(rnn_layers):
    # The lecture's remark: the plain RNN is s_t = tanh(x_t U + s_{t-1} W). With f = 0 and
    # i = 1 the LSTM's memory c_t is exactly the candidate g, i.e. that plain RNN step with
    # the g blocks of U, W and b.
    rng = np.random.default_rng(304)
    N, D, H = 3, 2, 4
    x, s0, c0, U, W, b_ih, _ = random_lstm(rng, N, 1, D, H)
    b = b_ih.copy()
    b[:H], b[H : 2 * H] = 40.0, -40.0
    _, c, _ = rnn_layers.lstm_step_forward(x[:, 0], s0, c0, U, W, b)
    g = slice(3 * H, 4 * H)
    expected = torch_rnn(x, s0, U[:, g], W[:, g], b[g], np.zeros(H))[:, 0]
    assert_close(
        "c with f = 0, i = 1",
        c,
        expected,
        hint="c must be the candidate g = tanh(x U^g + s_prev W^g + b^g); g is the LAST block",
    )


@test_case(points=1, hidden=False)
def test_saturation_without_overflow_public(rnn_layers):
    # Pre-activations in the hundreds: σ must not overflow (numpy's overflow is an error
    # here, as in assignment 3's stable sigmoid).
    rng = np.random.default_rng(305)
    x, s0, c0, U, W, b_ih, b_hh = random_lstm(rng, 2, 3, 2, 3, scale=500.0)
    with strict_numerics(rnn_layers):
        check_sequence(rnn_layers, rng, x, s0, c0, U, W, b_ih, b_hh, "saturated gates")


@test_case(points=2, hidden=True)
def test_sequences_against_torch(rnn_layers):
    rng = np.random.default_rng(310)
    for N, T, D, H in [(1, 1, 1, 2), (4, 9, 3, 3), (3, 5, 6, 8), (2, 20, 2, 4)]:
        for dtype in (np.float64, np.float32):
            x, s0, c0, U, W, b_ih, b_hh = random_lstm(rng, N, T, D, H, dtype, scale=1.5)
            where = f"{np.dtype(dtype).name}, x {x.shape}, H={H}"
            check_sequence(rnn_layers, rng, x, s0, c0, U, W, b_ih, b_hh, where)
        check_sequence(rnn_layers, rng, x, None, c0, U, W, b_ih, b_hh, where)
        check_sequence(rnn_layers, rng, x, s0, None, U, W, b_ih, b_hh, where)


@test_case(points=1, hidden=True)
def test_sequence_numeric(rnn_layers):
    rng = np.random.default_rng(311)
    x, s0, c0, U, W, b_ih, _ = random_lstm(rng, 2, 3, 2, 2)
    inputs = [x, s0, c0, U, W, b_ih]
    ds = rng.standard_normal((2, 3, 2))
    _, _, cache = _lstm_forward(rnn_layers)(*inputs)
    grads = _lstm_backward(rnn_layers)(ds, cache)
    for k, label in enumerate(GRAD_NAMES):

        def forward(a, k=k):
            args = list(inputs)
            args[k] = a
            return as_array("s", _lstm_forward(rnn_layers)(*args)[0])

        expected = numeric_gradient_array(forward, inputs[k].copy(), ds)
        assert_close(
            f"lstm_backward {label}",
            grads[k],
            expected,
            kind="numeric_gradient",
            hint=SEQUENCE_BACK_HINT,
        )


@test_case(points=1, hidden=True)
def test_saturation_without_overflow(rnn_layers):
    # Pre-activations in the hundreds saturate every gate; σ must not overflow on the way
    # (numpy's overflow is an error here, as in assignment 3's stable sigmoid).
    rng = np.random.default_rng(312)
    x, s0, c0, U, W, b_ih, b_hh = random_lstm(rng, 2, 4, 3, 3, scale=600.0)
    x32 = [a.astype(np.float32) for a in (x, s0, c0, U, W, b_ih, b_hh)]
    with strict_numerics(rnn_layers):
        check_sequence(rnn_layers, rng, x, s0, c0, U, W, b_ih, b_hh, "saturated gates")
        check_sequence(rnn_layers, rng, *x32, "saturated gates, float32")
