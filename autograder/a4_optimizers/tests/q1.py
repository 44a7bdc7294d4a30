"""q1: SGD and SGD with momentum against torch.optim.SGD (随机梯度下降, 带动量的梯度算法)."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import as_array, assert_close
from nnkit.optimcheck import check_against_torch, check_update_contract, compare, gradient_sequence
from nnkit.oracles import torch_trajectory

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


@test_case(points=2, hidden=True)
def test_momentum_dynamics(optimizers):
    w0 = np.random.default_rng(10).normal(size=(6,))
    for hyper in ({"lr": 0.01, "momentum": 0.9}, {"lr": 0.003, "momentum": 0.5}):
        check_against_torch(
            optimizers, "sgd_momentum", w0, HINT, f"bowl, {hyper}", steps=300, hyper=hyper
        )
    check_against_torch(optimizers, "sgd", w0, HINT, "bowl, lr=0.02", steps=300, hyper={"lr": 0.02})


@test_case(points=1, hidden=True)
def test_float32(optimizers):
    w0 = np.random.default_rng(11).normal(size=(5, 2)).astype(np.float32)
    grads = gradient_sequence(12, w0.shape, 60, dtype=np.float32)
    check_against_torch(
        optimizers, "sgd_momentum", w0, HINT, "float32", grads, hyper={"lr": 0.05, "momentum": 0.8}
    )
    check_against_torch(optimizers, "sgd", w0, HINT, "float32", grads, hyper={"lr": 0.05})


@test_case(points=1, hidden=True)
def test_one_state_per_parameter(optimizers):
    # Two parameters updated in turn: anything kept outside `state` mixes them up.
    rng = np.random.default_rng(13)
    wa0, wb0 = rng.normal(size=(3,)), rng.normal(size=(2, 2))
    ga, gb = gradient_sequence(14, wa0.shape, 30), gradient_sequence(15, wb0.shape, 30)
    wa, wb, sa, sb, got_a, got_b = wa0.copy(), wb0.copy(), None, None, [], []
    for t in range(30):
        new_a, sa = optimizers.sgd_momentum(wa.copy(), ga[t].copy(), sa, lr=0.1, momentum=0.9)
        new_b, sb = optimizers.sgd_momentum(wb.copy(), gb[t].copy(), sb, lr=0.1, momentum=0.9)
        wa, wb = as_array("w_new", new_a), as_array("w_new", new_b)
        got_a.append(wa)
        got_b.append(wb)
    hyper = {"lr": 0.1, "momentum": 0.9}
    compare(
        "sgd_momentum",
        got_a,
        torch_trajectory("sgd_momentum", wa0, ga, hyper=hyper),
        "first of two parameters updated in turn",
        HINT,
    )
    compare(
        "sgd_momentum",
        got_b,
        torch_trajectory("sgd_momentum", wb0, gb, hyper=hyper),
        "second of two parameters updated in turn",
        HINT,
    )
