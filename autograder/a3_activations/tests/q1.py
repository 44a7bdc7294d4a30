"""q1: sigmoid, tanh and ReLU forward and backward, stable at ±1e3 (非线性激活函数)."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import (
    as_array,
    assert_close,
    assert_that,
    check_forward_backward,
    strict_numerics,
)
from nnkit.oracles import torch_vjp

OK_FORMAT = False
name = "q1"

HINTS = {
    "sigmoid": "σ(x) = 1/(1 + e^{-x}); its derivative is σ(x)(1 − σ(x))",
    "tanh": "tanh' = 1 − tanh²",
    "relu": "ReLU' is 1 for x > 0 and 0 for x <= 0 (x == 0 included)",
}


def torch_activation(fname, x, dout):
    """Forward and input gradient of a torch activation: the independent oracle."""
    import torch

    out, (dx,) = torch_vjp(getattr(torch, fname), (x,), dout)
    return out, dx


def check_activation(module, fname, x, dout):
    """Run <fname>_forward / _backward of the student under strict numerics and compare."""
    expected_out, expected_dx = torch_activation(fname, x, dout)
    try:
        with strict_numerics(module):
            out, cache = getattr(module, f"{fname}_forward")(x)
            dx = getattr(module, f"{fname}_backward")(dout, cache)
    except (FloatingPointError, RuntimeWarning) as err:
        raise AssertionError(
            f"{fname} raised a floating-point error for inputs up to |x| = "
            f"{np.abs(x).max():g} ({err}): never exponentiate a large positive number"
        ) from None
    out = as_array(f"{fname}_forward output", out)
    dx = as_array(f"{fname}_backward dx", dx)
    assert_that(
        np.isfinite(out).all(),
        f"{fname}_forward returned inf or nan for |x| <= {np.abs(x).max():g}",
    )
    assert_that(
        out.dtype == x.dtype, f"{fname}_forward returned dtype {out.dtype} for {x.dtype} input"
    )
    assert_that(
        dx.dtype == x.dtype, f"{fname}_backward returned dtype {dx.dtype}, expected {x.dtype}"
    )
    assert_close(f"{fname}_forward output", out, expected_out, kind="forward", hint=HINTS[fname])
    assert_close(f"{fname}_backward dx", dx, expected_dx, kind="gradient", hint=HINTS[fname])


@test_case(points=1, hidden=False)
def test_sigmoid_public(activations):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 5)) * 3
    check_activation(activations, "sigmoid", x, rng.normal(size=x.shape))
    out, _ = activations.sigmoid_forward(np.zeros(3))
    assert_close("sigmoid_forward(0)", as_array("sigmoid_forward(0)", out), np.full(3, 0.5))


@test_case(points=1, hidden=False)
def test_tanh_relu_public(activations):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 6)) * 2
    x[0, :2] = 0.0  # ReLU's derivative at exactly 0 is 0 in the lecture
    dout = rng.normal(size=x.shape)
    check_activation(activations, "tanh", x, dout)
    check_activation(activations, "relu", x, dout)


@test_case(points=1, hidden=False)
def test_extreme_inputs_public(activations):
    x = np.array([-1000.0, -800.0, -50.0, 0.0, 50.0, 800.0, 1000.0])
    dout = np.ones_like(x)
    for fname in ("sigmoid", "tanh", "relu"):
        check_activation(activations, fname, x, dout)


def check_contract(module, fname, x, seed, **kw):
    """Forward, then backward on the student's own cache, checked by check_forward_backward
    (no writes into arguments, no state between calls, dtypes), under strict numerics."""
    try:
        with strict_numerics(module):
            out, (dx,), dout = check_forward_backward(
                fname,
                getattr(module, f"{fname}_forward"),
                getattr(module, f"{fname}_backward"),
                (x,),
                forward_kwargs=kw,
                dout_seed=seed,
            )
    except (FloatingPointError, RuntimeWarning) as err:
        raise AssertionError(
            f"{fname} raised a floating-point error for {x.dtype} inputs up to |x| = "
            f"{np.abs(x).max():g} ({err}): never exponentiate a large positive number"
        ) from None
    return out, dx, dout


@test_case(points=1, hidden=False)
def test_layer_contract_public(activations):
    # How a network uses the layers: forward, then backward on the layer's own cache, in
    # float32 (e^x overflows float32 beyond x ~ 88), with an input of exactly 0. Neither call
    # may write into its arguments or keep state between calls.
    rng = np.random.default_rng(14)
    x = (rng.normal(size=(3, 5)) * 3).astype(np.float32)
    x[0, :4] = [0.0, -100.0, 100.0, -0.0]
    for k, fname in enumerate(("sigmoid", "tanh", "relu")):
        out, dx, dout = check_contract(activations, fname, x, seed=140 + k)
        expected_out, expected_dx = torch_activation(fname, x, dout)
        assert_close(f"{fname}_forward output (float32)", out, expected_out, hint=HINTS[fname])
        assert_close(
            f"{fname}_backward dx (float32, own cache)",
            dx,
            expected_dx,
            kind="gradient",
            hint=HINTS[fname],
        )


@test_case(points=2, hidden=True)
def test_extreme_inputs_float32(activations):
    # float32 e^x overflows beyond |x| ~ 88: stability must not depend on float64 headroom.
    rng = np.random.default_rng(11)
    x = np.concatenate([rng.uniform(-1000, 1000, 40), [-1000.0, -100.0, -89.0, 89.0, 1000.0]])
    x = x.astype(np.float32).reshape(5, 9)
    dout = rng.normal(size=x.shape).astype(np.float32)
    for fname in ("sigmoid", "tanh", "relu"):
        check_activation(activations, fname, x, dout)


@test_case(points=2, hidden=True)
def test_image_shaped_batches(activations):
    # A 4-D (N, C, H, W) batch: the functions must be elementwise for any shape.
    rng = np.random.default_rng(12)
    x = rng.normal(size=(2, 3, 4, 5)) * 4
    x.flat[::7] = 0.0
    dout = rng.normal(size=x.shape)
    for fname in ("sigmoid", "tanh", "relu"):
        check_activation(activations, fname, x, dout)


@test_case(points=1, hidden=True)
def test_backward_uses_cache_not_globals(activations):
    # Two forward passes before the backward passes: each backward must use its own cache.
    rng = np.random.default_rng(13)
    x1, x2 = rng.normal(size=(3, 4)), rng.normal(size=(3, 4)) * 5
    dout = rng.normal(size=(3, 4))
    for fname in ("sigmoid", "tanh", "relu"):
        _, c1 = getattr(activations, f"{fname}_forward")(x1)
        _, c2 = getattr(activations, f"{fname}_forward")(x2)
        dx1 = as_array(f"{fname}_backward dx", getattr(activations, f"{fname}_backward")(dout, c1))
        _, expected = torch_activation(fname, x1, dout)
        assert_close(
            f"{fname}_backward dx (first of two caches)",
            dx1,
            expected,
            kind="gradient",
            hint="keep what backward needs in the cache, not in a global variable",
        )
        del c2
