"""q4: residual block y = x + F(x), F = affine - ReLU - affine, forward and backward."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import (
    as_array,
    assert_close,
    assert_dtype,
    assert_that,
    check_forward_backward,
)
from nnkit.gradcheck import numeric_gradient_array
from nnkit.oracles import torch_residual_block

OK_FORMAT = False
name = "q4"

_GRAD_NAMES = ("dx", "dw1", "db1", "dw2", "db2")


def _params(rng, d, h, dtype=np.float64):
    return [
        a.astype(dtype)
        for a in (
            rng.normal(size=(d, h)) / np.sqrt(d),
            rng.normal(size=h) * 0.1,
            rng.normal(size=(h, d)) / np.sqrt(h),
            rng.normal(size=d) * 0.1,
        )
    ]


def _forward(regularization, x, params):
    result = regularization.residual_forward(x.copy(), *[p.copy() for p in params])
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 2,
        "residual_forward(...) should return a tuple (out, cache)",
    )
    out, cache = result
    assert_that(
        isinstance(cache, dict) and {"x", "w1", "w2", "z1"} <= set(cache),
        "residual_forward's cache should be a dict with keys 'x', 'w1', 'w2', 'z1'",
    )
    return as_array("residual_forward(...) out", out), cache


def _backward(regularization, dout, cache):
    result = regularization.residual_backward(dout.copy(), dict(cache))
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 5,
        "residual_backward(dout, cache) should return a tuple (dx, dw1, db1, dw2, db2)",
    )
    return result


def _cache(x, params):
    # The documented cache, built here so that backward is tested without your forward.
    w1, b1, w2, _ = params
    return {"x": x, "w1": w1, "w2": w2, "z1": x @ w1 + b1}


_HINTS = {
    "dx": "y = x + F(x): dx is dout (the identity path) plus the gradient through F",
    "dw1": "dw1 = xᵀ (∂ℓ/∂z1) where ∂ℓ/∂z1 = (dout w2ᵀ) masked by z1 > 0",
    "db1": "db1 sums ∂ℓ/∂z1 over the batch",
    "dw2": "dw2 = relu(z1)ᵀ dout",
    "db2": "db2 sums dout over the batch",
}


@test_case(points=1, hidden=False)
def test_forward_public(regularization):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 3))
    params = _params(rng, 3, 5)
    out, cache = _forward(regularization, x, params)
    expected = torch_residual_block(x, *params)
    assert_close(
        "residual_forward(...) out",
        out,
        expected,
        hint="y = x + F(x), F(x) = relu(x W₁ + b₁) W₂ + b₂",
    )
    assert_close(
        "cache['z1']",
        cache["z1"],
        x @ params[0] + params[1],
        hint="z1 is the first affine layer's output, before the ReLU",
    )


@test_case(points=2, hidden=False)
def test_backward_public(regularization):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(5, 3))
    params = _params(rng, 3, 4)
    dout = rng.normal(size=(5, 3))
    grads = _backward(regularization, dout, _cache(x, params))
    _, expected = torch_residual_block(x, *params, dout)
    for label, received, exp in zip(_GRAD_NAMES, grads, expected, strict=True):
        assert_close(label, received, exp, kind="gradient", hint=_HINTS[label])


def _numeric_grads(x, params, dout):
    """Centred differences of sum(y * dout) for every input of the block."""
    arrays = [x.copy()] + [p.copy() for p in params]

    def block(_):
        xx, w1, b1, w2, b2 = arrays
        return xx + np.maximum(xx @ w1 + b1, 0) @ w2 + b2

    return [numeric_gradient_array(block, a, dout) for a in arrays]


@test_case(points=1, hidden=False)
def test_layer_contract_public(regularization):
    # How a network uses the block: forward, then backward on the block's own cache, in
    # float32, with a hidden width (5) other than the input width (3). Neither call may
    # write into its arguments or keep state between calls.
    rng = np.random.default_rng(45)
    x = rng.normal(size=(4, 3)).astype(np.float32)
    params = _params(rng, 3, 5, np.float32)
    out, grads, dout = check_forward_backward(
        "residual",
        regularization.residual_forward,
        regularization.residual_backward,
        (x, *params),
        dout_seed=46,
        grad_names=_GRAD_NAMES,
    )
    assert_that(len(grads) == 5, "residual_backward should return (dx, dw1, db1, dw2, db2)")
    out_t, grads_t = torch_residual_block(x, *params, dout)
    assert_close("out (float32)", out, out_t, hint="y = x + relu(x w1 + b1) w2 + b2")
    for what, got, exp in zip(_GRAD_NAMES, grads, grads_t):
        assert_close(f"{what} (float32)", got, exp, kind="gradient", hint=_HINTS[what])
