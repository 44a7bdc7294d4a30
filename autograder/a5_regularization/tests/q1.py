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


@test_case(points=2, hidden=True)
def test_expectation_preserved(regularization):
    row = np.array([1.0, -2.0, 0.5, 3.0, -0.25])
    for keep_prob, seed in [(0.3, 5), (0.75, 6)]:
        x = np.tile(row, (4000, 1))
        out, _ = _forward(regularization, x, keep_prob, "train", seed=seed)
        assert_that(out.shape == x.shape, f"out has shape {out.shape}, expected {x.shape}")
        mean = out.mean(axis=0)
        # Each column mean has standard deviation |x| sqrt((1 - p) / p) / sqrt(4000).
        sd = np.abs(row) * np.sqrt((1 - keep_prob) / keep_prob) / np.sqrt(4000)
        worst = int(np.argmax(np.abs(mean - row) / sd))
        assert_that(
            np.all(np.abs(mean - row) < 5 * sd),
            f"with keep_prob={keep_prob} the mean of out over 4000 rows is {mean[worst]:.4g} "
            f"for x = {row[worst]}: inverted dropout must preserve the expectation "
            "(keep with probability keep_prob, divide kept units by keep_prob)",
        )


@test_case(points=1, hidden=True)
def test_seed_reproducible_and_varies(regularization):
    x = np.random.default_rng(3).normal(size=(6, 7, 3)).astype(np.float32)
    a, _ = _forward(regularization, x, 0.5, "train", seed=7)
    b, _ = _forward(regularization, x, 0.5, "train", seed=7)
    c, _ = _forward(regularization, x, 0.5, "train", seed=8)
    assert_dtype("dropout_forward(float32 x) out", a, np.float32)
    assert_equal("out for seed 7, second call", b, a, hint="the mask must depend only on the seed")
    assert_that(
        not np.array_equal(a, c),
        "seeds 7 and 8 gave the same output: draw the mask from np.random.default_rng(seed)",
    )
    kept = a != 0
    assert_close("out where kept (float32)", a[kept], x[kept] / np.float32(0.5))


@test_case(points=1, hidden=True)
def test_eval_other_shapes_and_keep_one(regularization):
    x = np.random.default_rng(4).normal(size=(2, 3, 4)).astype(np.float32)
    out, _ = _forward(regularization, x, 0.3, "eval", seed=1)
    assert_dtype("dropout_forward(float32 x, eval) out", out, np.float32)
    assert_equal(
        "dropout_forward(x, 0.3, 'eval') out",
        out,
        x,
        hint="eval mode must not rescale: inverted dropout scaled during training",
    )
    x64 = x.astype(np.float64)
    out, _ = _forward(regularization, x64, 1.0, "train", seed=2)
    assert_close(
        "dropout_forward(x, keep_prob=1, 'train') out",
        out,
        x64,
        hint="with keep_prob=1 every unit is kept and nothing is rescaled",
    )


@test_case(points=2, hidden=True)
def test_backward_hidden(regularization):
    rng = np.random.default_rng(12)
    for keep_prob, shape, dtype in [(0.25, (5, 8), np.float64), (0.9, (3, 4, 2), np.float32)]:
        mask = rng.random(shape) < keep_prob
        dout = rng.normal(size=shape).astype(dtype)
        dx = regularization.dropout_backward(dout.copy(), _train_cache(mask, keep_prob))
        assert_dtype(f"dropout_backward dx ({np.dtype(dtype).name})", dx, dtype)
        assert_close(
            f"dropout_backward dx (keep_prob={keep_prob})",
            dx,
            dout * mask / dtype(keep_prob),
            kind="gradient",
            hint="dx is dout times the forward's mask divided by keep_prob",
        )
    # Forward then backward with your own cache: dropout is linear in x for a fixed mask,
    # so dx must be dout * out / x entry by entry.
    x = rng.uniform(0.5, 2.0, size=(7, 6)) * rng.choice([-1.0, 1.0], size=(7, 6))
    out, cache = _forward(regularization, x, 0.4, "train", seed=21)
    dout = rng.normal(size=x.shape)
    dx = regularization.dropout_backward(dout, cache)
    assert_close(
        "dropout_backward(dout, cache of your forward)",
        dx,
        dout * out / x,
        kind="gradient",
        hint="reuse the forward's mask; do not draw a new one",
    )
