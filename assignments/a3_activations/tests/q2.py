"""q2: ELU and the noisy ReLU, forward and backward (其他激活函数); leaky ReLU and softplus
are given."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import (
    as_array,
    assert_close,
    assert_that,
    check_forward_backward,
    strict_numerics,
)
from nnkit.oracles import torch_activation

OK_FORMAT = False
name = "q2"

HINTS = {
    "elu": "alpha * (e^x − 1) for x <= 0, whose derivative is alpha * e^x; "
    "never evaluate e^x for large positive x, even in the branch np.where discards",
    "noisy_relu": "noise = np.random.default_rng(seed).standard_normal(x.shape) * std, "
    "added in training mode only; backward passes dout where x + noise > 0",
}


def run_student(module, fname, x, dout, **kw):
    """Forward then backward of the student's activation under strict numerics."""
    try:
        with strict_numerics(module):
            out, cache = getattr(module, f"{fname}_forward")(x, **kw)
            dx = getattr(module, f"{fname}_backward")(dout, cache)
    except (FloatingPointError, RuntimeWarning) as err:
        raise AssertionError(
            f"{fname} raised a floating-point error for |x| up to {np.abs(x).max():g} "
            f"({err}): {HINTS[fname]}"
        ) from None
    out = as_array(f"{fname}_forward output", out)
    dx = as_array(f"{fname}_backward dx", dx)
    assert_that(np.isfinite(out).all(), f"{fname}_forward returned inf or nan: {HINTS[fname]}")
    assert_that(np.isfinite(dx).all(), f"{fname}_backward returned inf or nan: {HINTS[fname]}")
    assert_that(out.dtype == x.dtype, f"{fname}_forward returned {out.dtype} for {x.dtype} input")
    assert_that(dx.dtype == x.dtype, f"{fname}_backward returned {dx.dtype} for {x.dtype} input")
    return out, dx


def check_activation(module, fname, x, dout, **kw):
    out, dx = run_student(module, fname, x, dout, **kw)
    expected_out, (expected_dx,) = torch_activation(fname, x, dout, **kw)
    assert_close(f"{fname}_forward output {kw or ''}", out, expected_out, hint=HINTS[fname])
    assert_close(
        f"{fname}_backward dx {kw or ''}", dx, expected_dx, kind="gradient", hint=HINTS[fname]
    )


def expected_noisy_relu(x, dout, std, seed):
    """The documented noise draw, written out so that public tests need no reference."""
    z = x + (np.random.default_rng(seed).standard_normal(x.shape) * std).astype(x.dtype)
    return np.maximum(z, 0), np.where(z > 0, dout, 0)


@test_case(points=1, hidden=False)
def test_elu_public(activations):
    rng = np.random.default_rng(20)
    x = rng.normal(size=(4, 5)) * 3
    x[0, :4] = [0.0, -1000.0, 700.0, 1000.0]
    dout = rng.normal(size=x.shape)
    check_activation(activations, "elu", x, dout)
    check_activation(activations, "elu", x, dout, alpha=0.5)


@test_case(points=1, hidden=False)
def test_noisy_relu_public(activations):
    rng = np.random.default_rng(21)
    x = rng.normal(size=(3, 7))
    dout = rng.normal(size=x.shape)
    out, cache = activations.noisy_relu_forward(x, std=0.5, train=True, seed=7)
    dx = activations.noisy_relu_backward(dout, cache)
    expected_out, expected_dx = expected_noisy_relu(x, dout, 0.5, 7)
    hint = HINTS["noisy_relu"]
    assert_close("noisy_relu_forward output (train, seed=7)", out, expected_out, hint=hint)
    assert_close("noisy_relu_backward dx (train, seed=7)", dx, expected_dx, hint=hint)
    out, _ = activations.noisy_relu_forward(x, std=0.5, train=False, seed=7)
    assert_close(
        "noisy_relu_forward output (train=False)",
        out,
        np.maximum(x, 0),
        hint="in evaluation mode the noisy ReLU is a plain ReLU",
    )


@test_case(points=1, hidden=False)
def test_layer_contract_public(activations):
    # How a network uses the layers: forward, then backward on the layer's own cache, in
    # float32 (e^x overflows float32 beyond x ~ 88), with an input of exactly 0. Neither call
    # may write into its arguments or keep state between calls; the noisy ReLU draws the
    # documented noise, np.random.default_rng(seed).standard_normal(x.shape) * std. (The
    # given leaky ReLU and softplus are the worked examples of this contract.)
    rng = np.random.default_rng(24)
    x = (rng.normal(size=(3, 5)) * 3).astype(np.float32)
    x[0, :3] = [0.0, -100.0, 100.0]
    runs = [("elu", {"alpha": 0.7}), ("noisy_relu", {"std": 0.5, "train": True, "seed": 3})]
    for k, (fname, kw) in enumerate(runs):
        try:
            with strict_numerics(activations):
                out, (dx,), dout = check_forward_backward(
                    fname,
                    getattr(activations, f"{fname}_forward"),
                    getattr(activations, f"{fname}_backward"),
                    (x,),
                    forward_kwargs=kw,
                    dout_seed=240 + k,
                )
        except (FloatingPointError, RuntimeWarning) as err:
            raise AssertionError(
                f"{fname} raised a floating-point error for float32 inputs up to |x| = 100 "
                f"({err}): {HINTS[fname]}"
            ) from None
        if fname == "noisy_relu":
            expected_out, expected_dx = expected_noisy_relu(x, dout, kw["std"], kw["seed"])
        else:
            expected_out, (expected_dx,) = torch_activation(fname, x, dout, **kw)
        assert_close(f"{fname}_forward output {kw} (float32)", out, expected_out, hint=HINTS[fname])
        assert_close(
            f"{fname}_backward dx {kw} (float32, own cache)",
            dx,
            expected_dx,
            kind="gradient",
            hint=HINTS[fname],
        )
