"""q2: batch normalisation forward: batch statistics, running averages, eval mode."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import (
    as_array,
    assert_close,
    assert_dtype,
    assert_equal,
    assert_that,
    call_checking_inputs,
)
from nnkit.oracles import torch_batchnorm

OK_FORMAT = False
name = "q2"

_CACHE_KEYS = {"x", "x_hat", "mean", "var", "eps", "gamma", "mode"}


def _forward(regularization, x, gamma, beta, state, mode, **kw):
    state_in = None if state is None else {k: v.copy() for k, v in state.items()}
    result = regularization.batchnorm_forward(
        x.copy(), gamma.copy(), beta.copy(), state_in, mode, **kw
    )
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 3,
        "batchnorm_forward(...) should return a tuple (out, cache, state)",
    )
    out, cache, new_state = result
    assert_that(
        isinstance(cache, dict) and _CACHE_KEYS <= set(cache),
        f"batchnorm_forward's cache should be a dict with keys {sorted(_CACHE_KEYS)}",
    )
    assert_that(
        isinstance(new_state, dict) and {"running_mean", "running_var"} <= set(new_state),
        "batchnorm_forward should return as state a dict with 'running_mean' and 'running_var'",
    )
    return (
        as_array(f"batchnorm_forward(..., mode={mode!r}) out", out),
        cache,
        {k: as_array(f"state[{k!r}]", new_state[k]) for k in ("running_mean", "running_var")},
    )


_VAR_HINT = (
    "running_var moves towards the unbiased batch variance (divide by m - 1, like "
    "torch.nn.BatchNorm1d): running_var = (1 - momentum) running_var + momentum var_unbiased"
)


@test_case(points=1, hidden=False)
def test_train_matches_torch_public(regularization):
    rng = np.random.default_rng(0)
    x = rng.normal(2.0, 3.0, size=(8, 3))
    gamma, beta = np.ones(3), np.zeros(3)
    out, cache, state = _forward(regularization, x, gamma, beta, None, "train")
    expected, _ = torch_batchnorm(x, gamma, beta, "train")
    assert_close(
        "batchnorm_forward(x, γ=1, β=0) out",
        out,
        expected,
        hint="normalise each feature (column, axis 0) with the batch mean and the "
        "biased variance σ²_B = mean((x - μ_B)²), with ε inside the square root",
    )
    assert_close("cache['x_hat']", cache["x_hat"], expected)


@test_case(points=1, hidden=False)
def test_running_averages_public(regularization):
    rng = np.random.default_rng(1)
    x = rng.normal(-1.0, 2.0, size=(5, 4))
    gamma, beta = rng.normal(size=4), rng.normal(size=4)
    _, _, state = _forward(regularization, x, gamma, beta, None, "train")
    _, expected = torch_batchnorm(x, gamma, beta, "train")
    assert_close(
        "state['running_mean'] after one batch (momentum 0.1)",
        state["running_mean"],
        expected["running_mean"],
        hint="running_mean = (1 - momentum) running_mean + momentum μ_B, starting from zeros",
    )
    assert_close(
        "state['running_var'] after one batch",
        state["running_var"],
        expected["running_var"],
        hint=_VAR_HINT + ", starting from ones",
    )


@test_case(points=1, hidden=False)
def test_eval_uses_running_stats_public(regularization):
    rng = np.random.default_rng(2)
    x = rng.normal(5.0, 1.0, size=(6, 3))
    gamma, beta = np.array([1.0, 2.0, 0.5]), np.array([0.0, -1.0, 1.0])
    state = {"running_mean": np.array([4.0, 5.0, 6.0]), "running_var": np.array([1.0, 4.0, 0.25])}
    out, _, new_state = _forward(regularization, x, gamma, beta, state, "eval")
    expected, _ = torch_batchnorm(x, gamma, beta, "eval", state)
    assert_close(
        "batchnorm_forward(..., mode='eval') out",
        out,
        expected,
        hint="eval mode normalises with state's running_mean and running_var, not "
        "with the batch's statistics",
    )
    assert_close(
        "state['running_mean'] after eval",
        new_state["running_mean"],
        state["running_mean"],
        hint="eval mode leaves the running averages unchanged",
    )
    assert_close(
        "state['running_var'] after eval",
        new_state["running_var"],
        state["running_var"],
        hint="eval mode leaves the running averages unchanged",
    )


@test_case(points=1, hidden=False)
def test_call_contract_public(regularization):
    # float32 in, float32 out (out and both running statistics); the arguments, the state
    # given included, are left as they are (the docstring: a new state dict is returned);
    # the same call twice gives the same result. The batch is not square (m != D), so
    # averaging over the wrong axis shows.
    rng = np.random.default_rng(25)
    x = rng.normal(1.0, 2.0, size=(6, 3)).astype(np.float32)
    gamma = rng.normal(size=3).astype(np.float32)
    beta = rng.normal(size=3).astype(np.float32)
    state = {
        "running_mean": rng.normal(size=3).astype(np.float32),
        "running_var": rng.uniform(0.5, 2.0, size=3).astype(np.float32),
    }
    for mode in ("train", "eval"):
        results = []
        for _ in range(2):
            result = call_checking_inputs(
                f"batchnorm_forward(x, gamma, beta, state, {mode!r})",
                regularization.batchnorm_forward,
                x,
                gamma,
                beta,
                state,
                mode,
            )
            assert_that(
                isinstance(result, (tuple, list)) and len(result) == 3,
                "batchnorm_forward(...) should return a tuple (out, cache, state)",
            )
            out, _, new_state = result
            assert_that(
                isinstance(new_state, dict) and {"running_mean", "running_var"} <= set(new_state),
                "batchnorm_forward should return as state a dict with 'running_mean' and "
                "'running_var'",
            )
            got = [assert_dtype(f"{mode} out", out, np.float32)]
            for key in ("running_mean", "running_var"):
                got.append(assert_dtype(f"{mode} state[{key!r}]", new_state[key], np.float32))
            results.append(got)
        out_t, state_t = torch_batchnorm(x, gamma, beta, mode, state)
        expected = (out_t, state_t["running_mean"], state_t["running_var"])
        for what, first, second, exp in zip(
            ("out", "state['running_mean']", "state['running_var']"), *results, expected
        ):
            assert_close(
                f"{mode} {what} (float32, batch of 6 rows of 3 features)",
                first,
                exp,
                hint="statistics per feature: average over the batch (axis 0); "
                + (_VAR_HINT if what.endswith("var']") and mode == "train" else ""),
            )
            assert_close(
                f"{mode} {what} of a second identical call",
                second,
                first,
                hint="the same arguments must give the same result: keep no state between "
                "calls other than the state dict you return",
            )


@test_case(points=2, hidden=True)
def test_several_steps_then_eval(regularization):
    rng = np.random.default_rng(10)
    d = 3
    gamma, beta = rng.normal(size=d), rng.normal(size=d)
    state = state_t = None
    for step, m in enumerate([7, 4, 11]):
        x = rng.normal(rng.normal(size=d) * 3, rng.uniform(0.5, 3.0, size=d), size=(m, d))
        out, cache, state = _forward(regularization, x, gamma, beta, state, "train", momentum=0.2)
        expected, state_t = torch_batchnorm(x, gamma, beta, "train", state_t, momentum=0.2)
        assert_close(
            f"out at training step {step} (batch of {m}, {d} features)",
            out,
            expected,
            hint="statistics are per feature: reduce over the batch axis 0",
        )
        assert_close(
            f"running_mean after step {step} (momentum 0.2)",
            state["running_mean"],
            state_t["running_mean"],
            hint="running_mean = (1 - momentum) running_mean + momentum μ_B",
        )
        assert_close(
            f"running_var after step {step} (momentum 0.2)",
            state["running_var"],
            state_t["running_var"],
            hint=_VAR_HINT,
        )
    x = rng.normal(size=(9, d)) * 4 + 2
    out, cache, _ = _forward(regularization, x, gamma, beta, state, "eval", momentum=0.2)
    expected, _ = torch_batchnorm(x, gamma, beta, "eval", state_t, momentum=0.2)
    assert_close(
        "eval out after three training steps",
        out,
        expected,
        hint="eval mode uses the running statistics only",
    )


@test_case(points=1, hidden=True)
def test_cache_contents(regularization):
    rng = np.random.default_rng(11)
    x = rng.normal(1.0, 2.0, size=(6, 4))
    gamma, beta = rng.normal(size=4), rng.normal(size=4)
    _, cache, _ = _forward(regularization, x, gamma, beta, None, "train", eps=1e-3)
    assert_close("cache['mean']", cache["mean"], x.mean(axis=0))
    assert_close(
        "cache['var']",
        cache["var"],
        x.var(axis=0),
        hint="the cache holds the biased batch variance used to normalise",
    )
    assert_close(
        "cache['x_hat']", cache["x_hat"], (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + 1e-3)
    )
    assert_close("cache['gamma']", cache["gamma"], gamma)
    assert_close("cache['eps']", cache["eps"], 1e-3)
    assert_equal("cache['mode']", cache["mode"], "train")


@test_case(points=1, hidden=True)
def test_eps_inside_sqrt(regularization):
    rng = np.random.default_rng(12)
    # A small variance makes ε matter: σ² + ε must be under the square root.
    x = rng.normal(0.0, 0.05, size=(10, 2))
    gamma, beta = np.array([1.5, -0.5]), np.array([0.1, 0.2])
    out, _, _ = _forward(regularization, x, gamma, beta, None, "train", eps=0.01)
    expected, _ = torch_batchnorm(x, gamma, beta, "train", eps=0.01)
    assert_close(
        "out with eps=0.01",
        out,
        expected,
        hint="x̂ = (x - μ_B) / sqrt(σ²_B + ε) with the eps argument",
    )


@test_case(points=1, hidden=True)
def test_float32(regularization):
    rng = np.random.default_rng(13)
    x = rng.normal(3.0, 2.0, size=(16, 5)).astype(np.float32)
    gamma = rng.normal(size=5).astype(np.float32)
    beta = rng.normal(size=5).astype(np.float32)
    out, _, state = _forward(regularization, x, gamma, beta, None, "train")
    assert_dtype("batchnorm_forward(float32 x) out", out, np.float32)
    expected, state_t = torch_batchnorm(x, gamma, beta, "train")
    assert_close("float32 out", out, expected)
    assert_close(
        "float32 running_var",
        state["running_var"].astype(np.float32),
        state_t["running_var"],
        hint=_VAR_HINT,
    )
    out, _, _ = _forward(regularization, x, gamma, beta, state, "eval")
    assert_dtype("batchnorm_forward(float32 x, eval) out", out, np.float32)
