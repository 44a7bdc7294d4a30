"""q1: forward pass of the lecture's two-layer sigmoid network (前馈预测), batched."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import (
    as_array,
    assert_close,
    assert_dtype,
    assert_shape,
    assert_that,
    call_checking_inputs,
)
from nnkit.grading import reference

OK_FORMAT = False
name = "q1"

CACHE_KEYS = ("x", "net_j", "h", "net_k", "y")

# The worked example of 反向传播算法示例: inputs (0.35, 0.9); the top hidden unit weighs them
# 0.1 and 0.8, the bottom one 0.4 and 0.6 (w1[m, j] = w_jm: row = input, column = unit).
EXAMPLE_X = np.array([[0.35, 0.9]])
EXAMPLE_W1 = np.array([[0.1, 0.4], [0.8, 0.6]])
EXAMPLE_W2 = np.array([[0.3], [0.9]])


def _forward(backprop, x, w1, w2):
    result = backprop.two_layer_forward(x, w1, w2)
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 2,
        "two_layer_forward(x, w1, w2) should return a pair (y, cache)",
    )
    y, cache = result
    assert_that(isinstance(cache, dict), "the cache of two_layer_forward should be a dict")
    missing = [k for k in CACHE_KEYS if k not in cache]
    assert_that(not missing, f"the cache of two_layer_forward lacks the keys {missing}")
    return as_array("y", y), {k: as_array(f'cache["{k}"]', cache[k]) for k in CACHE_KEYS}


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


@test_case(points=1, hidden=False)
def test_lecture_example_public(backprop):
    # numbers from the slide "让我们做一些简单运算" (answer, part (i))
    y, cache = _forward(backprop, EXAMPLE_X, EXAMPLE_W1, EXAMPLE_W2)
    assert_close(
        "net_j of the worked example",
        cache["net_j"],
        [[0.755, 0.68]],
        hint="net_j = Σ_m w_jm x_m, and w1[m, j] holds w_jm: sum over the axis of m",
    )
    h = cache["h"].reshape(-1)
    assert_that(h.size == 2, f'cache["h"] of the worked example has {h.size} entries, expected 2')
    assert_close(
        "h of the worked example, rounded as on the slide (0.68, 0.6637)",
        [np.round(h[0], 2), np.round(h[1], 4)],
        [0.68, 0.6637],
        hint="h_j = f(net_j), f the sigmoid",
    )
    assert_close(
        "y of the worked example, rounded to 4 decimals",
        np.round(y, 4),
        [[0.6903]],
        hint="net_k = Σ_j w_kj h_j with w2[j, k] = w_kj, and y_k = f(net_k)",
    )


@test_case(points=1, hidden=False)
def test_batch_shapes_and_values_public(backprop):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(5, 3))
    w1 = rng.normal(size=(3, 4))
    w2 = rng.normal(size=(4, 2))
    y, cache = _forward(backprop, x, w1, w2)
    for key, shape in {
        "x": (5, 3),
        "net_j": (5, 4),
        "h": (5, 4),
        "net_k": (5, 2),
        "y": (5, 2),
    }.items():
        assert_shape(f'cache["{key}"] for a batch of 5, M=3, J=4, K=2', cache[key], shape)
    assert_shape("y for a batch of 5 examples and K=2 outputs", y, (5, 2))
    net_j = x @ w1
    h = _sigmoid(net_j)
    assert_close('cache["net_j"]', cache["net_j"], net_j, hint="one row of net_j per example")
    assert_close('cache["h"]', cache["h"], h)
    assert_close('cache["net_k"]', cache["net_k"], h @ w2, hint="net_k is computed from h, not x")
    assert_close("y", y, _sigmoid(h @ w2))


@test_case(points=1, hidden=False)
def test_float32_public(backprop):
    # float32 in, float32 out: y and every array of the cache; the inputs are left as they
    # are, and a second call gives the same result.
    rng = np.random.default_rng(11)
    x = rng.normal(size=(3, 2)).astype(np.float32)
    w1 = rng.normal(size=(2, 4)).astype(np.float32)
    w2 = rng.normal(size=(4, 1)).astype(np.float32)
    for call in range(2):
        result = call_checking_inputs("two_layer_forward", backprop.two_layer_forward, x, w1, w2)
        assert_that(
            isinstance(result, (tuple, list)) and len(result) == 2 and isinstance(result[1], dict),
            "two_layer_forward(x, w1, w2) should return a pair (y, cache dict)",
        )
        y = assert_dtype("y for float32 inputs", result[0], np.float32)
        for key in CACHE_KEYS:
            assert_that(key in result[1], f"the cache of two_layer_forward lacks the key {key!r}")
            assert_dtype(f'cache["{key}"] for float32 inputs', result[1][key], np.float32)
        expected = _sigmoid(_sigmoid(x @ w1) @ w2)
        assert_close(f"y for float32 inputs (call {call + 1})", y, expected)


@test_case(points=2, hidden=True)
def test_forward_matches_reference(backprop):
    ref = reference("a2_backprop", "backprop")
    rng = np.random.default_rng(2024)
    for n, m, j, k in [(1, 1, 1, 1), (7, 5, 3, 4), (32, 10, 16, 3)]:
        x = rng.normal(size=(n, m)) * 2
        w1 = rng.normal(size=(m, j))
        w2 = rng.normal(size=(j, k))
        y_exp, cache_exp = ref.two_layer_forward(x, w1, w2)
        y, cache = _forward(backprop, x, w1, w2)
        for key in CACHE_KEYS:
            assert_close(f'cache["{key}"] (N={n}, M={m}, J={j}, K={k})', cache[key], cache_exp[key])
        assert_close(f"y (N={n}, M={m}, J={j}, K={k})", y, y_exp)


@test_case(points=1, hidden=True)
def test_float32_and_large_inputs(backprop):
    ref = reference("a2_backprop", "backprop")
    rng = np.random.default_rng(7)
    x = rng.normal(size=(6, 4)).astype(np.float32)
    w1 = rng.normal(size=(4, 3)).astype(np.float32)
    w2 = rng.normal(size=(3, 2)).astype(np.float32)
    y, cache = _forward(backprop, x, w1, w2)
    assert_dtype("y for float32 inputs", y, np.float32)
    assert_dtype('cache["h"] for float32 inputs', cache["h"], np.float32)
    assert_close("y for float32 inputs", y, ref.two_layer_forward(x, w1, w2)[0])
    # net inputs of ±800: exp overflows unless the sigmoid avoids it
    big = np.array([[400.0, -400.0], [-400.0, 400.0]])
    w1 = np.array([[2.0, -2.0], [0.0, 0.0]])
    y, cache = _forward(backprop, big, w1, np.array([[900.0], [-900.0]]))
    assert_close(
        "h for net_j = ±800",
        cache["h"],
        ref.sigmoid(big @ w1),
        hint="use the given sigmoid, which never overflows",
    )
    assert_close("y for net_k = ±900", y, [[1.0], [0.0]])
