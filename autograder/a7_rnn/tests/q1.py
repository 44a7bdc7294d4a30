"""Question 1: the RNN forward pass (循环神经网络, RNN的工作方式)."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import as_array, assert_close, assert_dtype, assert_shape, assert_that
from nnkit.grading import reference
from nnkit.oracles import torch_rnn, torch_temporal_affine

OK_FORMAT = False
name = "q1"

STEP_HINT = (
    "W1 (D, H) multiplies the input from the right and W2 (H, H) the previous state (the "
    "lecture's W_1 and W_2 transposed); add the bias, then take the tanh"
)
SEQ_HINT = (
    "step t uses x[:, t] and the state of step t-1 (h0 at t = 0); the same W1, W2, b at "
    "every step; h[:, t] is the state after step t"
)


def random_rnn(rng, N, T, D, H, dtype=np.float64, scale=0.6):
    """Inputs, initial state, weights and the two biases torch keeps (b = b_ih + b_hh)."""
    x = rng.standard_normal((N, T, D))
    h0 = rng.standard_normal((N, H)) * 0.5
    W1 = rng.standard_normal((D, H)) * scale / np.sqrt(D)
    W2 = rng.standard_normal((H, H)) * scale / np.sqrt(H)
    b_ih, b_hh = rng.standard_normal(H) * 0.3, rng.standard_normal(H) * 0.3
    return tuple(a.astype(dtype) for a in (x, h0, W1, W2, b_ih, b_hh))


def check_sequence(rnn_layers, x, h0, W1, W2, b_ih, b_hh, where):
    """rnn_forward against torch.nn.RNN; with h0 None, against torch with a zero state."""
    N, T, _ = x.shape
    H = W2.shape[0]
    given = h0 if h0 is not None else np.zeros((N, H), dtype=x.dtype)
    expected = torch_rnn(x, given, W1, W2, b_ih, b_hh)
    result = rnn_layers.rnn_forward(x, h0, W1, W2, b_ih + b_hh)
    assert_that(
        isinstance(result, tuple) and len(result) == 2, "rnn_forward returns the pair (h, cache)"
    )
    h = assert_shape("rnn_forward h", result[0], (N, T, H))
    assert_dtype("rnn_forward h", h, x.dtype)
    hint = SEQ_HINT if h0 is not None else SEQ_HINT + "; h0=None means a zero initial state"
    assert_close(f"rnn_forward h ({where})", h, expected, hint=hint)


@test_case(points=1, hidden=False)
def test_step_is_the_concatenated_form(rnn_layers):
    # The lecture's h_t = tanh(W [x_t, h_{t-1}]) (把 x_t, h_{t-1} 接起来): in rows, the
    # concatenated row [x, h_prev] times the stacked matrix [W1; W2], plus the bias.
    rng = np.random.default_rng(100)
    for dtype in (np.float64, np.float32):
        x, h0, W1, W2, b, _ = (a[:, 0] if a.ndim == 3 else a for a in random_rnn(rng, 3, 1, 4, 5))
        x, h0, W1, W2, b = (a.astype(dtype) for a in (x, h0, W1, W2, b))
        expected = np.tanh(np.hstack([x, h0]) @ np.vstack([W1, W2]) + b)
        for call in ("first", "second"):  # a function of its inputs only: same answer twice
            result = rnn_layers.rnn_step_forward(x, h0, W1, W2, b)
            assert_that(
                isinstance(result, tuple) and len(result) == 2,
                "rnn_step_forward returns the pair (h_next, cache)",
            )
            h = assert_shape("rnn_step_forward h_next", result[0], (3, 5))
            assert_dtype("rnn_step_forward h_next", h, dtype)
            assert_close(
                f"rnn_step_forward h_next ({np.dtype(dtype).name}, {call} call)",
                h,
                expected,
                hint=STEP_HINT,
            )


@test_case(points=1, hidden=False)
def test_sequence_against_torch(rnn_layers):
    # N, T, D, H all different: swapping two axes gives a wrong shape or wrong values.
    rng = np.random.default_rng(101)
    for dtype in (np.float64, np.float32):
        x, h0, W1, W2, b_ih, b_hh = random_rnn(rng, 2, 4, 3, 5, dtype)
        where = f"{np.dtype(dtype).name}, x {x.shape}, h0 given"
        check_sequence(rnn_layers, x, h0, W1, W2, b_ih, b_hh, where)
        check_sequence(rnn_layers, x, None, W1, W2, b_ih, b_hh, f"{where[:-8]}h0 None")


@test_case(points=1, hidden=False)
def test_output_layer(rnn_layers):
    rng = np.random.default_rng(102)
    for dtype in (np.float64, np.float32):
        h = np.tanh(rng.standard_normal((2, 3, 5))).astype(dtype)
        V = rng.standard_normal((5, 4)).astype(dtype)
        c = rng.standard_normal(4).astype(dtype)
        expected = torch_temporal_affine(h, V, c)
        scores = assert_shape(
            "temporal_affine_forward scores",
            rnn_layers.temporal_affine_forward(h, V, c)[0],
            (2, 3, 4),
        )
        assert_dtype("temporal_affine_forward scores", scores, dtype)
        assert_close(
            f"temporal_affine_forward scores ({np.dtype(dtype).name})",
            scores,
            expected,
            hint="scores[n, t] = h[n, t] @ V + c at every step",
        )


@test_case(points=1, hidden=False)
def test_step_agrees_with_sequence(rnn_layers):
    # rnn_forward over one step is rnn_step_forward; and the sequence is the steps chained.
    rng = np.random.default_rng(103)
    x, h0, W1, W2, b_ih, b_hh = random_rnn(rng, 2, 3, 4, 6)
    b = b_ih + b_hh
    h = as_array("rnn_forward h", rnn_layers.rnn_forward(x, h0, W1, W2, b)[0])
    state = h0
    for t in range(3):
        state = as_array(
            "rnn_step_forward h_next", rnn_layers.rnn_step_forward(x[:, t], state, W1, W2, b)[0]
        )
        assert_close(
            f"rnn_forward h[:, {t}]",
            h[:, t] if h.ndim == 3 else h,
            state,
            hint="rnn_forward must chain rnn_step_forward's computation over t",
        )


@test_case(points=1, hidden=False)
def test_documented_caches(rnn_layers):
    # q2's tests call your backward passes with caches they build in the documented layout,
    # so your forward passes must store exactly that.
    rng = np.random.default_rng(104)
    x, h0, W1, W2, b_ih, b_hh = random_rnn(rng, 2, 3, 4, 5)
    b = b_ih + b_hh
    for given, label in ((h0, "h0 given"), (None, "h0 None")):
        h, cache = rnn_layers.rnn_forward(x, given, W1, W2, b)
        assert_that(
            isinstance(cache, tuple) and len(cache) == 5,
            "rnn_forward's cache must be the tuple (x, h0, W1, W2, h)",
        )
        state = h0 if given is not None else np.zeros((2, 5))
        for name, got, want in zip(("x", "h0", "W1", "W2", "h"), cache, (x, state, W1, W2, h)):
            assert_close(
                f"rnn_forward cache entry {name} ({label})",
                as_array(name, got),
                as_array(name, want),
                hint="the cache is the tuple (x, h0, W1, W2, h), h0 the zeros used when None",
            )
    h_next, cache = rnn_layers.rnn_step_forward(x[:, 0], h0, W1, W2, b)
    assert_that(
        isinstance(cache, tuple) and len(cache) == 5,
        "rnn_step_forward's cache must be the tuple (x, h_prev, W1, W2, h_next)",
    )
    for name, got, want in zip(
        ("x", "h_prev", "W1", "W2", "h_next"), cache, (x[:, 0], h0, W1, W2, h_next)
    ):
        assert_close(
            f"rnn_step_forward cache entry {name}", as_array(name, got), as_array(name, want)
        )


@test_case(points=1, hidden=True)
def test_more_shapes_against_torch(rnn_layers):
    rng = np.random.default_rng(110)
    for N, T, D, H in [(1, 1, 2, 3), (4, 7, 5, 3), (3, 12, 1, 8), (5, 2, 6, 6)]:
        x, h0, W1, W2, b_ih, b_hh = random_rnn(rng, N, T, D, H, scale=1.5)
        check_sequence(rnn_layers, x, h0, W1, W2, b_ih, b_hh, f"x {x.shape}, H={H}")
        check_sequence(
            rnn_layers,
            x.astype(np.float32),
            None,
            *(a.astype(np.float32) for a in (W1, W2, b_ih, b_hh)),
            f"float32, x {x.shape}, h0 None",
        )


@test_case(points=1, hidden=True)
def test_caches_and_inputs(rnn_layers):
    # The caches are the documented tuples (q2's tests rebuild them from the same arrays),
    # and no input is changed in place.
    ref = reference("a7_rnn", "rnn_layers")
    rng = np.random.default_rng(111)
    x, h0, W1, W2, b_ih, b_hh = random_rnn(rng, 3, 5, 2, 4)
    b = b_ih + b_hh
    h, cache = rnn_layers.rnn_forward(x, h0, W1, W2, b)
    expected = ref.rnn_forward(x, h0, W1, W2, b)[1]
    assert_that(len(cache) == 5, "rnn_forward's cache is the tuple (x, h0, W1, W2, h)")
    for label, got, want in zip(("x", "h0", "W1", "W2", "h"), cache, expected):
        assert_close(
            f"rnn_forward cache entry {label}",
            got,
            want,
            hint="the cache is the tuple (x, h0, W1, W2, h) of the inputs as given (not modified)",
        )
    zero_cache = rnn_layers.rnn_forward(x, None, W1, W2, b)[1]
    assert_close(
        "rnn_forward cache entry h0 when h0 is None",
        zero_cache[1],
        np.zeros((3, 4)),
        hint="the cache holds the zero state that was used",
    )
    _, step_cache = rnn_layers.rnn_step_forward(x[:, 0], h0, W1, W2, b)
    expected = ref.rnn_step_forward(x[:, 0], h0, W1, W2, b)[1]
    assert_that(len(step_cache) == 5, "rnn_step_forward's cache is (x, h_prev, W1, W2, h_next)")
    for label, got, want in zip(("x", "h_prev", "W1", "W2", "h_next"), step_cache, expected):
        assert_close(f"rnn_step_forward cache entry {label}", got, want)
    _, affine_cache = rnn_layers.temporal_affine_forward(h, W2, b)
    assert_that(len(affine_cache) == 2, "temporal_affine_forward's cache is (h, V)")
    assert_close("temporal_affine_forward cache entry h", affine_cache[0], h)
    assert_close("temporal_affine_forward cache entry V", affine_cache[1], W2)


@test_case(points=1, hidden=True)
def test_saturation_and_float32_output_layer(rnn_layers):
    # Large weights saturate tanh at ±1 without overflow; a float32 output layer stays float32.
    rng = np.random.default_rng(112)
    x, h0, W1, W2, b_ih, b_hh = random_rnn(rng, 2, 6, 3, 4, scale=40.0)
    check_sequence(rnn_layers, x, h0, W1, W2, b_ih, b_hh, "saturated tanh")
    ref = reference("a7_rnn", "rnn_layers")
    h = np.tanh(rng.standard_normal((3, 6, 4))).astype(np.float32)
    V = rng.standard_normal((4, 7)).astype(np.float32)
    c = rng.standard_normal(7).astype(np.float32)
    scores = assert_dtype("scores", rnn_layers.temporal_affine_forward(h, V, c)[0], np.float32)
    assert_close("temporal_affine_forward scores", scores, ref.temporal_affine_forward(h, V, c)[0])
