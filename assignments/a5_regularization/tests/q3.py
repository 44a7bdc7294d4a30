"""q3: batch normalisation backward (∂ℓ/∂x, ∂ℓ/∂γ, ∂ℓ/∂β), train and eval modes."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import assert_close, assert_dtype, assert_that, call_checking_inputs
from nnkit.gradcheck import numeric_gradient_array
from nnkit.oracles import torch_batchnorm_backward

OK_FORMAT = False
name = "q3"


def _lecture_forward(x, gamma, beta, eps):
    """The lecture's algorithm (批标准化) in train mode: (y, cache in the documented format)."""
    mean = x.mean(axis=0)
    var = ((x - mean) ** 2).mean(axis=0)
    x_hat = (x - mean) / np.sqrt(var + eps)
    cache = dict(x=x, x_hat=x_hat, mean=mean, var=var, eps=eps, gamma=gamma, mode="train")
    return gamma * x_hat + beta, cache


def _backward(regularization, dout, cache):
    result = regularization.batchnorm_backward(dout.copy(), dict(cache))
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 3,
        "batchnorm_backward(dout, cache) should return a tuple (dx, dgamma, dbeta)",
    )
    return result


_DX_HINT = (
    "in train mode μ_B and σ²_B depend on every x_i: ∂ℓ/∂x_i has a path through x̂_i, one "
    "through μ_B and one through σ²_B"
)


@test_case(points=1, hidden=False)
def test_dgamma_dbeta_public(regularization):
    rng = np.random.default_rng(0)
    x = rng.normal(1.0, 2.0, size=(6, 3))
    gamma, beta = rng.normal(size=3), rng.normal(size=3)
    dout = rng.normal(size=(6, 3))
    _, cache = _lecture_forward(x, gamma, beta, 1e-5)
    _, dgamma, dbeta = _backward(regularization, dout, cache)
    _, dgamma_t, dbeta_t = torch_batchnorm_backward(x, gamma, beta, dout, "train")
    assert_close(
        "dgamma",
        dgamma,
        dgamma_t,
        kind="gradient",
        hint="∂ℓ/∂γ = Σ_i ∂ℓ/∂y_i · x̂_i, summed over the batch (axis 0)",
    )
    assert_close(
        "dbeta",
        dbeta,
        dbeta_t,
        kind="gradient",
        hint="∂ℓ/∂β = Σ_i ∂ℓ/∂y_i, summed over the batch (axis 0)",
    )


@test_case(points=2, hidden=False)
def test_dx_numeric_public(regularization):
    rng = np.random.default_rng(1)
    x = rng.normal(0.5, 1.5, size=(5, 4))
    gamma, beta = rng.normal(size=4), rng.normal(size=4)
    dout = rng.normal(size=(5, 4))
    _, cache = _lecture_forward(x, gamma, beta, 1e-5)
    dx, _, _ = _backward(regularization, dout, cache)
    dx_num = numeric_gradient_array(
        lambda v: _lecture_forward(v, gamma, beta, 1e-5)[0], x.copy(), dout
    )
    assert_close(
        "dx (against centred differences)", dx, dx_num, kind="numeric_gradient", hint=_DX_HINT
    )


@test_case(points=1, hidden=False)
def test_call_contract_public(regularization):
    # float32 in, float32 out for dx, dgamma and dbeta; the cache and dout are left as they
    # are, so a second backward on the same cache gives the same gradients. A batch of 7
    # rows of 3 features: summing over the wrong axis shows.
    rng = np.random.default_rng(3)
    x = rng.normal(0.5, 1.5, size=(7, 3)).astype(np.float32)
    gamma = rng.normal(size=3).astype(np.float32)
    beta = rng.normal(size=3).astype(np.float32)
    dout = rng.normal(size=(7, 3)).astype(np.float32)
    state = {
        "running_mean": rng.normal(size=3).astype(np.float32),
        "running_var": rng.uniform(0.5, 2.0, size=3).astype(np.float32),
    }
    for mode in ("train", "eval"):
        _check_contract(regularization, x, gamma, beta, dout, mode, state)


def _check_contract(regularization, x, gamma, beta, dout, mode, state):
    eps = np.float32(1e-5)
    _, cache = _lecture_forward(x, gamma, beta, eps)
    if mode == "eval":
        mean, var = state["running_mean"], state["running_var"]
        x_hat = (x - mean) / np.sqrt(var + eps)
        cache = dict(cache, x_hat=x_hat, mean=mean, var=var, mode="eval")
    runs = []
    for _ in range(2):
        result = call_checking_inputs(
            f"batchnorm_backward(dout, {mode} cache)",
            regularization.batchnorm_backward,
            dout,
            cache,
        )
        assert_that(
            isinstance(result, (tuple, list)) and len(result) == 3,
            "batchnorm_backward(dout, cache) should return a tuple (dx, dgamma, dbeta)",
        )
        runs.append(
            [
                assert_dtype(f"{what} (float32 inputs)", g, np.float32)
                for what, g in zip(("dx", "dgamma", "dbeta"), result)
            ]
        )
    expected = torch_batchnorm_backward(x, gamma, beta, dout, mode, state)
    hint = (
        _DX_HINT
        if mode == "train"
        else (
            "in eval mode the running mean and variance are constants: dx = dout · γ / "
            "sqrt(running_var + ε)"
        )
    )
    for what, first, second, exp in zip(("dx", "dgamma", "dbeta"), *runs, expected):
        assert_close(f"{what} ({mode} mode, float32)", first, exp, kind="gradient", hint=hint)
        assert_close(
            f"{what} of a second backward on the same cache",
            second,
            first,
            hint="backward must depend only on dout and the cache: keep no state between calls",
        )
