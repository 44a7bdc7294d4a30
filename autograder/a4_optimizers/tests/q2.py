"""q2: RMSProp against torch.optim.RMSprop."""

import numpy as np
from otter.test_files import test_case

from nnkit.optimcheck import check_against_torch, check_update_contract, gradient_sequence

OK_FORMAT = False
name = "q2"

HINT = (
    "s = alpha·s + (1 − alpha)·dw² (s starts at 0), w − lr·dw / (√s + eps): eps goes "
    "outside the square root, as in PyTorch; keep s in the returned state"
)


@test_case(points=2, hidden=False)
def test_rmsprop_public(optimizers):
    w0 = np.random.default_rng(20).normal(size=(4, 3))
    grads = gradient_sequence(21, w0.shape, 100)
    check_against_torch(optimizers, "rmsprop", w0, HINT, "default hyper-parameters", grads)


@test_case(points=1, hidden=False)
def test_call_contract_public(optimizers):
    # Two float32 parameters updated in turn, each with its own state: nothing may be kept
    # outside the state, w_new stays float32 and the gradient is left as it is.
    check_update_contract(optimizers, "rmsprop", HINT, hyper={"lr": 0.01, "alpha": 0.9}, seed=26)


@test_case(points=2, hidden=True)
def test_rmsprop_dynamics(optimizers):
    w0 = np.random.default_rng(22).normal(size=(8,))
    for hyper in ({"lr": 0.01}, {"lr": 0.003, "alpha": 0.9, "eps": 1e-6}):
        check_against_torch(
            optimizers, "rmsprop", w0, HINT, f"bowl, {hyper}", steps=300, hyper=hyper
        )


@test_case(points=1, hidden=True)
def test_small_gradients(optimizers):
    # Gradients of size 1e-4: s ~ 1e-8 is comparable to eps, so eps's place matters.
    w0 = np.random.default_rng(23).normal(size=(3, 3))
    grads = gradient_sequence(24, w0.shape, 200, scale=1e-4)
    check_against_torch(
        optimizers, "rmsprop", w0, HINT, "gradients ~1e-4", grads, hyper={"lr": 0.01, "eps": 1e-4}
    )


@test_case(points=1, hidden=True)
def test_float32(optimizers):
    w0 = np.random.default_rng(25).normal(size=(2, 5)).astype(np.float32)
    grads = gradient_sequence(26, w0.shape, 60, dtype=np.float32)
    check_against_torch(
        optimizers, "rmsprop", w0, HINT, "float32", grads, hyper={"lr": 0.01, "alpha": 0.95}
    )
