"""Question 4: gradients over a gap (RNN的问题: 间隔依赖, 长期依赖).

The qualitative claims are checked on one documented set-up: N = 8 sequences of T = 40
steps, D = 8 standard normal inputs, H = 32 hidden units, weights with entries
N(0, 1/fan-in), zero biases except a forget-gate bias of +4 for the LSTM (set_up below).
Measured on the reference over seeds 0-7 (set_up(seed), then the two functions): the RNN's
gradient after 39 steps is 7e-9 to 1.6e-7 of the last-step gradient (the claim asks
< 1e-5), the fitted slope of log-norm against the gap is -0.40 to -0.48 per step (claim
< -0.2), every step back shrinks it (largest ratio 0.89, claim < 1); the LSTM's memory
path keeps 0.34 to 0.37 of it (claim > 0.1).
"""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import assert_close, assert_shape, assert_that
from nnkit.oracles import torch_lstm, torch_memory_gap_norms, torch_rnn, torch_rnn_gap_norms

OK_FORMAT = False
name = "q4"

RNN_HINT = (
    "norms[k] is the norm of dℓ/dh at step T-1-k; one step back multiplies by the Jacobian "
    "of h_t = tanh(x_t W1 + h_{t-1} W2 + b) with respect to h_{t-1} (tanh' then W2)"
)
LSTM_HINT = (
    "norms[k] is the norm of dℓ/dc at step T-1-k along the memory path c_t = c_{t-1}*f_t + ...; "
    "one step back multiplies by the forget gate of the later step"
)


def set_up(seed, N=8, T=40, D=8, H=32):
    """The documented set-up: RNN states and LSTM forget gates, from torch."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((N, T, D))
    W1, W2 = rng.standard_normal((D, H)) / np.sqrt(D), rng.standard_normal((H, H)) / np.sqrt(H)
    zeros = np.zeros((N, H))
    h = torch_rnn(x, zeros, W1, W2, np.zeros(H), np.zeros(H))
    U, W = (
        rng.standard_normal((D, 4 * H)) / np.sqrt(D),
        rng.standard_normal((H, 4 * H)) / np.sqrt(H),
    )
    b = np.zeros(4 * H)
    b[H : 2 * H] = 4.0
    s = torch_lstm(x, zeros, zeros, U, W, b, np.zeros(4 * H))[0]
    s_prev = np.concatenate([zeros[:, None], s[:, :-1]], axis=1)
    f = 1 / (1 + np.exp(-(x @ U[:, H : 2 * H] + s_prev @ W[:, H : 2 * H] + 4.0)))
    return h, W2, f, rng.standard_normal((N, H))


def check_claims(rnn_layers, seed):
    h, W2, f, d = set_up(seed)
    T = h.shape[1]
    rnn = assert_shape("rnn_gap_gradients", rnn_layers.rnn_gap_gradients(h, W2, d), (T,))
    lstm = assert_shape("lstm_gap_gradients", rnn_layers.lstm_gap_gradients(f, d), (T,))
    assert_close(
        "rnn_gap_gradients", rnn, torch_rnn_gap_norms(h, W2, d), kind="gradient", hint=RNN_HINT
    )
    assert_close(
        "lstm_gap_gradients", lstm, torch_memory_gap_norms(f, d), kind="gradient", hint=LSTM_HINT
    )
    ratio = rnn[-1] / rnn[0]
    assert_that(ratio < 1e-5, f"RNN: gradient after {T - 1} steps is {ratio:.1e} of the first")
    slope = np.polyfit(np.arange(5, T), np.log(rnn[5:]), 1)[0]
    assert_that(slope < -0.2, f"RNN: log-norm falls by only {-slope:.2f} per step")
    assert_that(np.all(rnn[6:] < rnn[5:-1]), "RNN: the gradient norm must shrink at every step")
    kept = lstm[-1] / lstm[0]
    assert_that(kept > 0.1, f"LSTM memory path keeps only {kept:.2f} of the gradient")


@test_case(points=1, hidden=False)
def test_rnn_gap_against_torch(rnn_layers):
    rng = np.random.default_rng(400)
    for N, T, H in [(2, 6, 3), (1, 3, 5)]:
        x = rng.standard_normal((N, T, 4))
        W1, W2 = rng.standard_normal((4, H)) * 0.5, rng.standard_normal((H, H)) * 0.6
        h = torch_rnn(x, np.zeros((N, H)), W1, W2, np.zeros(H), np.zeros(H))
        d = rng.standard_normal((N, H))
        norms = assert_shape("rnn_gap_gradients", rnn_layers.rnn_gap_gradients(h, W2, d), (T,))
        assert_close(
            f"rnn_gap_gradients (N={N}, T={T}, H={H})",
            norms,
            torch_rnn_gap_norms(h, W2, d),
            kind="gradient",
            hint=RNN_HINT,
        )


@test_case(points=1, hidden=False)
def test_lstm_gap_against_torch(rnn_layers):
    rng = np.random.default_rng(401)
    f = 1 / (1 + np.exp(-rng.standard_normal((3, 7, 2)) * 2))
    d = rng.standard_normal((3, 2))
    norms = assert_shape("lstm_gap_gradients", rnn_layers.lstm_gap_gradients(f, d), (7,))
    assert_close(
        "lstm_gap_gradients", norms, torch_memory_gap_norms(f, d), kind="gradient", hint=LSTM_HINT
    )


@test_case(points=1, hidden=False)
def test_lecture_claims(rnn_layers):
    # 长期依赖: the RNN's gradient dies out geometrically over the gap; the LSTM's memory
    # path with f ≈ 1 keeps a sizeable part of it (set-up at the top of this file).
    check_claims(rnn_layers, seed=0)
