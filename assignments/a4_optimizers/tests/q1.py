"""q1: SGD and SGD with momentum against torch.optim.SGD (随机梯度下降, 带动量的梯度算法)."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import as_array, assert_close
from nnkit.optimcheck import check_against_torch, check_update_contract, gradient_sequence

OK_FORMAT = False
name = "q1"

HINT = (
    "SGD: w − lr·dw. Momentum (PyTorch form): buf = momentum·buf + dw (buf starts at 0), "
    "w − lr·buf; keep buf in the returned state, one state per parameter"
)


@test_case(points=1, hidden=False)
def test_sgd_public(optimizers):
    rng = np.random.default_rng(0)
    w, dw = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    new_w, _ = optimizers.sgd(w.copy(), dw.copy(), None, lr=0.5)
    assert_close("sgd w_new (lr=0.5)", as_array("sgd w_new", new_w), w - 0.5 * dw, hint=HINT)
    new_w, _ = optimizers.sgd(w.copy(), dw.copy())
    assert_close(
        "sgd w_new (default lr=1e-2)", as_array("sgd w_new", new_w), w - 1e-2 * dw, hint=HINT
    )


@test_case(points=1, hidden=False)
def test_momentum_public(optimizers):
    w0 = np.random.default_rng(1).normal(size=(4, 3))
    grads = gradient_sequence(2, w0.shape, 100)
    check_against_torch(optimizers, "sgd_momentum", w0, HINT, "default hyper-parameters", grads)


@test_case(points=1, hidden=False)
def test_call_contract_public(optimizers):
    # Two float32 parameters updated in turn, each with its own state: nothing may be kept
    # outside the state, w_new stays float32 and the gradient is left as it is.
    check_update_contract(optimizers, "sgd", HINT, hyper={"lr": 0.1}, seed=17)
    check_update_contract(
        optimizers, "sgd_momentum", HINT, hyper={"lr": 0.1, "momentum": 0.8}, seed=16
    )
