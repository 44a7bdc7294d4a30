"""q7: training a2's MLP with each optimizer (the loop, its minibatches and its states)."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import as_array, assert_close, assert_shape, assert_that

OK_FORMAT = False
name = "q7"

HINT = (
    "start from mlp_init's parameters for (sizes, seed); one default_rng(seed) made once "
    "draws every minibatch with integers(0, N, size=batch_size); mlp_loss on the minibatch, "
    "then every parameter updated with its own state; losses[k] is the loss before step "
    "k's update"
)
SIZES = [6, 8, 3]


def small_problem(seed, n=40):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, SIZES[0]))
    y = rng.integers(0, SIZES[-1], size=n)
    return X, y


def driven_training(optimizers, loss_module, fname, X, y, steps, batch, seed, hyper):
    """The training the loop should do: this test calls your optimizer itself, one state per
    parameter, with the gradients of `loss_module.mlp_loss` on the documented minibatches
    (so a bug in the optimizer does not count here)."""
    params = {k: as_array(k, v) for k, v in loss_module.mlp_init(SIZES, seed).items()}
    states = {key: None for key in params}
    rng = np.random.default_rng(seed)
    update = getattr(optimizers, fname)
    losses = []
    for _ in range(steps):
        idx = rng.integers(0, X.shape[0], size=batch)
        loss, grads = loss_module.mlp_loss(params, X[idx], y[idx])
        losses.append(float(loss))
        for key in params:
            new, states[key] = update(
                params[key].copy(), as_array(key, grads[key]), states[key], **hyper
            )
            params[key] = as_array(f"{fname} w_new", new)
    return params, np.array(losses)


def check_training(optimizers, loss_module, fname, steps, batch, seed, hyper):
    X, y = small_problem(seed + 100)
    want_params, want_losses = driven_training(
        optimizers, loss_module, fname, X, y, steps, batch, seed, hyper
    )
    call = f"train_mlp({fname!r}, X, y, {SIZES}, steps={steps}, batch_size={batch}, seed={seed})"
    result = optimizers.train_mlp(
        fname, X.copy(), y.copy(), list(SIZES), steps, batch, seed, **hyper
    )
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 2,
        f"{call} should return a pair (params, losses)",
    )
    params, losses = result
    losses = assert_shape(f"{call} losses", losses, (steps,))
    assert_close(f"{call} losses", losses, want_losses, kind="training", hint=HINT)
    for key, want in want_params.items():
        assert_close(f"{call} params[{key!r}]", params[key], want, kind="training", hint=HINT)


@test_case(points=1, hidden=False)
def test_train_sgd_public(optimizers):
    check_training(optimizers, optimizers, "sgd", 12, 8, 0, {"lr": 0.1})


@test_case(points=1, hidden=False)
def test_train_rmsprop_public(optimizers):
    # RMSProp keeps a running average per parameter: shared or missing states show here.
    check_training(optimizers, optimizers, "rmsprop", 12, 8, 1, {"lr": 0.01})
