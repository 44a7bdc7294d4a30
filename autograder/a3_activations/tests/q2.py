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
from nnkit.grading import reference
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


@test_case(points=2, hidden=True)
def test_elu_other_alphas_and_extremes(activations):
    rng = np.random.default_rng(22)
    for dtype in (np.float64, np.float32):
        x = np.concatenate([rng.normal(size=12) * 5, [-1000.0, -90.0, 0.0, 90.0, 1000.0, 1e-3]])
        x = x.astype(dtype).reshape(3, 6)
        dout = rng.normal(size=x.shape).astype(dtype)
        for alpha in (1.0, 0.5, 2.0):
            check_activation(activations, "elu", x, dout, alpha=alpha)


@test_case(points=2, hidden=True)
def test_noisy_relu_against_reference(activations):
    ref = reference("a3_activations", "activations")
    rng = np.random.default_rng(24)
    hint = HINTS["noisy_relu"]
    for dtype, std, seed in ((np.float64, 2.0, 3), (np.float32, 0.1, 123), (np.float64, 1.0, 0)):
        x = (rng.normal(size=(2, 3, 4)) * 2).astype(dtype)
        dout = rng.normal(size=x.shape).astype(dtype)
        out, dx = run_student(activations, "noisy_relu", x, dout, std=std, train=True, seed=seed)
        r_out, r_cache = ref.noisy_relu_forward(x, std=std, train=True, seed=seed)
        r_dx = ref.noisy_relu_backward(dout, r_cache)
        assert_close(f"noisy_relu_forward output (std={std}, seed={seed})", out, r_out, hint=hint)
        assert_close(f"noisy_relu_backward dx (std={std}, seed={seed})", dx, r_dx, hint=hint)
    # The same seed gives the same noise; another seed gives other noise.
    x = rng.normal(size=(20, 20))
    a = as_array("output", activations.noisy_relu_forward(x, std=1.0, train=True, seed=5)[0])
    b = as_array("output", activations.noisy_relu_forward(x, std=1.0, train=True, seed=5)[0])
    c = as_array("output", activations.noisy_relu_forward(x, std=1.0, train=True, seed=6)[0])
    assert_close("noisy_relu_forward called twice with seed=5", b, a, hint=hint)
    assert_that(
        not np.allclose(a, c), "noisy_relu_forward gives the same output for seeds 5 and 6: " + hint
    )
    # Evaluation mode: no noise, and backward is ReLU's.
    out, cache = activations.noisy_relu_forward(x, std=3.0, train=False, seed=5)
    dx = activations.noisy_relu_backward(np.ones_like(x), cache)
    assert_close("noisy_relu_forward output (train=False)", out, np.maximum(x, 0), hint=hint)
    assert_close("noisy_relu_backward dx (train=False)", dx, (x > 0).astype(float), hint=hint)
