"""q1: inverted dropout, forward and backward, train and eval modes."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import (
    as_array,
    assert_close,
    assert_dtype,
    assert_equal,
    assert_that,
    check_forward_backward,
)

OK_FORMAT = False
name = "q1"


def _forward(regularization, x, keep_prob, mode, seed=None):
    result = regularization.dropout_forward(x.copy(), keep_prob, mode, seed)
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 2,
        "dropout_forward(...) should return a tuple (out, cache)",
    )
    out, cache = result
    assert_that(
        isinstance(cache, dict) and {"mask", "keep_prob", "mode"} <= set(cache),
        "dropout_forward's cache should be a dict with keys 'mask', 'keep_prob', 'mode'",
    )
    return as_array(f"dropout_forward(..., mode={mode!r}) out", out), cache


def _train_cache(mask, keep_prob):
    # The cache format is part of the contract, so backward is tested without your forward.
    return {"mask": mask, "keep_prob": keep_prob, "mode": "train"}


@test_case(points=1, hidden=False)
def test_eval_is_identity_public(regularization):
    x = np.random.default_rng(0).normal(size=(4, 5))
    out, cache = _forward(regularization, x, 0.6, "eval")
    assert_equal(
        "dropout_forward(x, 0.6, 'eval') out",
        out,
        x,
        hint="in eval mode inverted dropout is the identity: no mask and no rescaling",
    )
    dout = np.random.default_rng(1).normal(size=(4, 5))
    assert_equal(
        "dropout_backward(dout, eval cache)",
        regularization.dropout_backward(
            dout, {"mask": np.ones((4, 5), bool), "keep_prob": 0.6, "mode": "eval"}
        ),
        dout,
        hint="in eval mode the gradient passes unchanged",
    )


@test_case(points=1, hidden=False)
def test_train_mask_and_scale_public(regularization):
    x = np.ones((40, 50))
    out, cache = _forward(regularization, x, 0.8, "train", seed=0)
    kept = out != 0
    assert_close(
        "out where the unit is kept",
        out[kept],
        np.full(int(kept.sum()), 1 / 0.8),
        hint="kept units are divided by keep_prob (inverted dropout)",
    )
    fraction = kept.mean()
    # 2,000 Bernoulli(0.8) draws: standard deviation 0.009, so 0.04 is over 4 of them.
    assert_that(
        abs(fraction - 0.8) < 0.04,
        f"with keep_prob=0.8 a fraction {fraction:.3f} of the units is kept, expected about "
        "0.8: keep a unit when its uniform draw is below keep_prob",
    )
    assert_equal(
        "cache['mask']",
        as_array("cache['mask']", cache["mask"]).astype(bool),
        kept,
        hint="the mask in the cache must be True exactly where the unit was kept",
    )
    again, _ = _forward(regularization, x, 0.8, "train", seed=0)
    assert_equal(
        "out of a second call with the same seed",
        again,
        out,
        hint="draw the mask from np.random.default_rng(seed)",
    )


@test_case(points=1, hidden=False)
def test_backward_uses_cache_mask_public(regularization):
    mask = np.array([[True, False, True], [False, False, True]])
    dout = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    dx = regularization.dropout_backward(dout, _train_cache(mask, 0.5))
    assert_close(
        "dropout_backward(dout, cache) with keep_prob=0.5",
        dx,
        [[2.0, 0.0, 6.0], [0.0, 0.0, 12.0]],
        kind="gradient",
        hint="use the forward's mask from the cache (no new draw) and the same 1/keep_prob scale",
    )


@test_case(points=1, hidden=False)
def test_layer_contract_public(regularization):
    # How a network uses the layer: forward in train mode, then backward on the layer's own
    # cache, in float32. The mask is the documented draw,
    # np.random.default_rng(seed).random(x.shape) < keep_prob; neither call may write into
    # its arguments or keep state between calls.
    x = np.random.default_rng(12).normal(size=(5, 7)).astype(np.float32)
    keep_prob = 0.6
    out, (dx,), dout = check_forward_backward(
        "dropout",
        regularization.dropout_forward,
        regularization.dropout_backward,
        (x, keep_prob),
        forward_kwargs={"mode": "train", "seed": 13},
        dout_seed=14,
    )
    mask = np.random.default_rng(13).random(x.shape) < keep_prob
    p = np.float32(keep_prob)
    assert_close(
        "dropout_forward(x, 0.6, 'train', seed=13) out",
        out,
        x * mask / p,
        hint="draw the mask as the docstring says, from a new np.random.default_rng(seed) "
        "in every call, and scale the kept units so that the expected output is x",
    )
    assert_close(
        "dropout_backward(dout, cache) on your own cache",
        dx,
        dout * mask / p,
        hint="the gradient goes through the units the forward pass kept, with its scale",
    )
