"""q7: Adam without bias correction (偏置校正), the ablation of Experiment 4, against
torch.optim.Adam whose step counter starts so far along that its correction is 1."""

import numpy as np
from otter.test_files import test_case

from nnkit.optimcheck import check_against_torch, check_update_contract, gradient_sequence

OK_FORMAT = False
name = "q7"

HINT = (
    "the same m and v as adam (both start at 0), and the step lr·m / (√v + eps) with the "
    "raw averages: no division by 1 − β^t"
)


@test_case(points=1, hidden=False)
def test_uncorrected_public(optimizers):
    w0 = np.random.default_rng(70).normal(size=(4, 3))
    grads = gradient_sequence(71, w0.shape, 100)
    check_against_torch(optimizers, "adam_uncorrected", w0, HINT, "default hyper-parameters", grads)


@test_case(points=1, hidden=False)
def test_call_contract_public(optimizers):
    check_update_contract(optimizers, "adam_uncorrected", HINT, hyper={"lr": 0.01}, seed=72)
