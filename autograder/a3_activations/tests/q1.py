"""q1: the squared error of a sigmoid output and the multiclass hinge loss: losses and the
gradients you derive, against PyTorch's autograd."""

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
from nnkit.grading import reference
from nnkit.oracles import torch_loss

OK_FORMAT = False
name = "q1"

HINTS = {
    "sigmoid_squared_error": "the mean over the batch of ½(σ(z) − d)²; differentiate "
    "through p = σ(z) with the chain rule, and compute σ without e^{large}",
    "multiclass_hinge": "only the wrong classes k ≠ y count; a positive term moves two "
    "scores, its own and the correct class's; mean over the batch",
}


def check_loss(module, fname, pred, target, **kwargs):
    expected_loss, expected_grad = torch_loss(fname, pred, target, **kwargs)
    try:
        with strict_numerics(module):
            loss, grad = call_checking_inputs(fname, getattr(module, fname), pred, target, **kwargs)
    except (FloatingPointError, RuntimeWarning) as err:
        raise AssertionError(
            f"{fname} raised a floating-point error for inputs up to "
            f"{np.abs(pred).max():g} ({err}): {HINTS[fname]}"
        ) from None
    loss = as_float(f"{fname} loss", loss)
    grad = as_array(f"{fname} gradient", grad)
    assert_that(
        grad.dtype == pred.dtype,
        f"{fname} gradient has dtype {grad.dtype}, expected {pred.dtype} (the input's)",
    )
    assert_close(
        f"{fname} loss",
        np.asarray(loss, dtype=pred.dtype),
        np.asarray(expected_loss, dtype=pred.dtype),
        hint=HINTS[fname],
    )
    assert_close(f"{fname} gradient", grad, expected_grad, kind="gradient", hint=HINTS[fname])


@test_case(points=1, hidden=False)
def test_sigmoid_squared_error_public(activations):
    z = np.array([-1000.0, -10.0, -2.0, -0.3, 0.0, 0.7, 4.0, 1000.0])
    d = np.array([1.0, 1.0, 0.0, 1.0, 0.5, 0.0, 1.0, 0.0])
    check_loss(activations, "sigmoid_squared_error", z, d)


@test_case(points=1, hidden=False)
def test_multiclass_hinge_public(activations):
    rng = np.random.default_rng(10)
    scores = rng.normal(size=(6, 4))
    check_loss(activations, "multiclass_hinge", scores, np.array([0, 3, 1, 1, 2, 0]))
    check_loss(activations, "multiclass_hinge", scores, np.array([2, 2, 0, 3, 1, 0]), margin=0.5)


@test_case(points=1, hidden=False)
def test_float32_public(activations):
    rng = np.random.default_rng(11)
    z = (rng.normal(size=7) * 30).astype(np.float32)
    check_loss(activations, "sigmoid_squared_error", z, rng.uniform(size=7).astype(np.float32))
    scores = (rng.normal(size=(5, 3)) * 3).astype(np.float32)
    check_loss(activations, "multiclass_hinge", scores, np.array([2, 0, 1, 1, 0]))


@test_case(points=2, hidden=True)
def test_other_inputs(activations):
    ref = reference("a3_activations", "activations")
    rng = np.random.default_rng(12)
    for dtype in (np.float64, np.float32):
        z = (rng.normal(size=11) * 500).astype(dtype)
        check_loss(activations, "sigmoid_squared_error", z, rng.integers(0, 2, 11).astype(dtype))
        scores = (rng.normal(size=(8, 6)) * 2).astype(dtype)
        labels = rng.integers(0, 6, size=8)
        check_loss(activations, "multiclass_hinge", scores, labels, margin=2.0)
        # the reference agrees with the oracle on these inputs as well
        loss, _ = ref.multiclass_hinge(scores, labels, margin=2.0)
        assert_close(
            "multiclass_hinge loss (margin 2)",
            np.asarray(as_float("loss", activations.multiclass_hinge(scores, labels, 2.0)[0])),
            np.asarray(loss),
            kind="gradient",
            hint=HINTS["multiclass_hinge"],
        )
