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
