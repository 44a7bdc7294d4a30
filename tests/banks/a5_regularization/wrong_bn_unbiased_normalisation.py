"""Normalises with the unbiased variance (ddof=1) instead of the lecture's biased σ²_B."""

LOSES = ["q2"]

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def batchnorm_forward(x, gamma, beta, state=None, mode="train", momentum=0.1, eps=1e-5):
    if state is None:
        state = {"running_mean": np.zeros(x.shape[1]), "running_var": np.ones(x.shape[1])}
    rm, rv = state["running_mean"], state["running_var"]
    if mode == "train":
        mean, var = x.mean(axis=0), x.var(axis=0, ddof=1)
        new = {
            "running_mean": (1 - momentum) * rm + momentum * mean,
            "running_var": (1 - momentum) * rv + momentum * var,
        }
    else:
        mean, var, new = rm, rv, {"running_mean": rm.copy(), "running_var": rv.copy()}
    x_hat = ((x - mean) / np.sqrt(var + eps)).astype(x.dtype)
    cache = {
        "x": x,
        "x_hat": x_hat,
        "mean": mean,
        "var": var,
        "eps": eps,
        "gamma": gamma,
        "mode": mode,
    }
    return (gamma * x_hat + beta).astype(x.dtype), cache, new
