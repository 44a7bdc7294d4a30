"""q3: Adam with bias correction against torch.optim.Adam (Adam算法), and without it
(bias_correction=False, the ablation of Experiment 4, 偏置校正) against torch.optim.Adam whose
step counter starts so far along that its correction is 1."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import as_array, assert_close
from nnkit.optimcheck import check_against_torch, check_update_contract, gradient_sequence

OK_FORMAT = False
name = "q3"

HINT = (
    "m = β1·m + (1 − β1)·dw, v = β2·v + (1 − β2)·dw², t counts calls from 1, "
    "m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t), w − lr·m̂ / (√v̂ + eps): eps outside the root"
)
HINT_UNCORRECTED = (
    "with bias_correction=False: the same m and v (both start at 0), and the step "
    "lr·m / (√v + eps) with the raw averages, no division by 1 − β^t"
)
UNCORRECTED = {"bias_correction": False}


@test_case(points=1, hidden=False)
def test_first_step_public(optimizers):
    # With bias correction m̂_1 = g and v̂_1 = g², so the first step is lr·g / (|g| + eps).
    g = np.array([[0.3, -2.0], [1e-3, 5.0]])
    w = np.zeros_like(g)
    new_w, _ = optimizers.adam(w.copy(), g.copy(), None)
    expected = -1e-3 * g / (np.abs(g) + 1e-8)
    assert_close(
        "adam w after the first step (defaults)", as_array("adam w_new", new_w), expected, hint=HINT
    )


@test_case(points=2, hidden=False)
def test_adam_public(optimizers):
    w0 = np.random.default_rng(30).normal(size=(4, 3))
    grads = gradient_sequence(31, w0.shape, 200)
    check_against_torch(optimizers, "adam", w0, HINT, "default hyper-parameters", grads)


@test_case(points=1, hidden=False)
def test_uncorrected_public(optimizers):
    w0 = np.random.default_rng(70).normal(size=(4, 3))
    grads = gradient_sequence(71, w0.shape, 100)
    check_against_torch(
        optimizers, "adam", w0, HINT_UNCORRECTED, "bias_correction=False", grads, hyper=UNCORRECTED
    )


@test_case(points=1, hidden=False)
def test_call_contract_public(optimizers):
    # Two float32 parameters updated in turn, each with its own state: nothing may be kept
    # outside the state, w_new stays float32 and the gradient is left as it is; with and
    # without the bias correction.
    check_update_contract(optimizers, "adam", HINT, hyper={"lr": 0.01}, seed=36)
    check_update_contract(
        optimizers, "adam", HINT_UNCORRECTED, hyper={"lr": 0.01, **UNCORRECTED}, seed=72
    )
