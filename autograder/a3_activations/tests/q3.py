"""q3: binary cross-entropy from logits and softmax cross-entropy with a target distribution
(损失函数); the squared error is given."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import (
    as_array,
    as_float,
    assert_close,
    assert_that,
    call_checking_inputs,
    strict_numerics,
)
from nnkit.oracles import torch_loss

OK_FORMAT = False
name = "q3"

HINTS = {
    "binary_cross_entropy_with_logits": "write log σ(z) and log(1 − σ(z)) so that no "
    "exponent is positive; derive dz with the chain rule through σ, the 1/N included",
    "soft_cross_entropy": "subtract each row's maximum before exponentiating "
    "(log-sum-exp); differentiate −Σ_k d_k log ŷ_k for every score, with Σ_k d_k = 1",
}


def check_loss(module, fname, pred, target):
    expected_loss, expected_grad = torch_loss(fname, pred, target)
    try:
        with strict_numerics(module):
            loss, grad = call_checking_inputs(fname, getattr(module, fname), pred, target)
    except (FloatingPointError, RuntimeWarning) as err:
        raise AssertionError(
            f"{fname} raised a floating-point error for |scores| up to "
            f"{np.abs(pred).max():g} ({err}): {HINTS[fname]}"
        ) from None
    loss = as_float(f"{fname} loss", loss)
    grad = as_array(f"{fname} gradient", grad)
    assert_that(np.isfinite(loss), f"{fname} returned a loss of {loss}: {HINTS[fname]}")
    assert_that(
        grad.dtype == pred.dtype,
        f"{fname} gradient has dtype {grad.dtype}, "
        f"expected {pred.dtype} (the dtype of the predictions)",
    )
    assert_close(
        f"{fname} loss",
        np.asarray(loss, dtype=pred.dtype),
        np.asarray(expected_loss, dtype=pred.dtype),
        hint=HINTS[fname],
    )
    assert_close(f"{fname} gradient", grad, expected_grad, kind="gradient", hint=HINTS[fname])
    return loss, grad


@test_case(points=1, hidden=False)
def test_binary_cross_entropy_public(activations):
    z = np.array([-1000.0, -3.0, -0.5, 0.0, 0.5, 3.0, 1000.0, 1000.0])
    d = np.array([0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0])
    check_loss(activations, "binary_cross_entropy_with_logits", z, d)


def distributions(rng, n, c, dtype=np.float64):
    """Soft targets: rows of positive numbers summing to 1."""
    d = rng.uniform(0.05, 1, size=(n, c))
    return (d / d.sum(axis=1, keepdims=True)).astype(dtype)


def one_hot(labels, c, dtype=np.float64):
    return np.eye(c, dtype=dtype)[labels]


@test_case(points=1, hidden=False)
def test_soft_cross_entropy_public(activations):
    rng = np.random.default_rng(31)
    scores = rng.normal(size=(5, 4))
    check_loss(activations, "soft_cross_entropy", scores, distributions(rng, 5, 4))
    check_loss(activations, "soft_cross_entropy", scores, one_hot([0, 3, 1, 1, 2], 4))


@test_case(points=1, hidden=False)
def test_float32_and_large_values_public(activations):
    # float32 predictions with large entries (e^x overflows float32 beyond x ~ 88): each
    # loss stays finite, returns a float32 gradient, leaves its arguments as they are and
    # gives the same result when called twice.
    rng = np.random.default_rng(34)
    z = np.array([-100.0, -3.0, 0.0, 3.0, 100.0, 100.0], dtype=np.float32)
    scores = rng.normal(size=(5, 4)).astype(np.float32)
    scores[0] = [100.0, -100.0, 0.0, 99.0]
    scores[1] = [-100.0, -100.0, -99.0, -100.0]
    cases = [
        ("binary_cross_entropy_with_logits", z, np.array([0, 1, 1, 0, 1, 0], np.float32)),
        ("soft_cross_entropy", scores, distributions(rng, 5, 4, np.float32)),
    ]
    for fname, pred, target in cases:
        loss, grad = check_loss(activations, fname, pred, target)
        again, grad_again = check_loss(activations, fname, pred, target)
        assert_close(
            f"{fname} gradient of a second identical call",
            grad_again,
            grad,
            hint="the same arguments must give the same result: keep no state between calls",
        )


@test_case(points=2, hidden=True)
def test_extreme_scores(activations):
    rng = np.random.default_rng(32)
    for dtype in (np.float64, np.float32):
        scores = (rng.normal(size=(6, 5)) * 1000).astype(dtype)
        scores[0] = [1000.0, -1000.0, 0.0, 999.0, -999.0]
        check_loss(activations, "soft_cross_entropy", scores, distributions(rng, 6, 5, dtype))
        z = (rng.normal(size=9) * 1000).astype(dtype)
        d = rng.integers(0, 2, size=9).astype(dtype)
        check_loss(activations, "binary_cross_entropy_with_logits", z, d)


@test_case(points=2, hidden=True)
def test_other_shapes_and_dtypes(activations):
    rng = np.random.default_rng(33)
    for dtype in (np.float64, np.float32):
        check_loss(
            activations,
            "soft_cross_entropy",
            (rng.normal(size=(1, 10)) * 3).astype(dtype),
            one_hot([9], 10, dtype),
        )
        check_loss(
            activations,
            "soft_cross_entropy",
            (rng.normal(size=(9, 2)) * 3).astype(dtype),
            distributions(rng, 9, 2, dtype),
        )
        z = rng.normal(size=1).astype(dtype)
        check_loss(activations, "binary_cross_entropy_with_logits", z, np.ones(1, dtype=dtype))


@test_case(points=1, hidden=True)
def test_soft_binary_targets(activations):
    # Cross-entropy is defined for any target in [0, 1], not only hard labels.
    rng = np.random.default_rng(34)
    z = rng.normal(size=12) * 4
    d = rng.uniform(0, 1, size=12)
    check_loss(activations, "binary_cross_entropy_with_logits", z, d)
