"""Computes every statistic in float64 and casts only the outputs (out and the new
running statistics) back to x's dtype."""

LOSES = []

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def batchnorm_forward(x, gamma, beta, state=None, mode="train", momentum=0.1, eps=1e-5):
    x64, g64, b64 = (np.asarray(a, dtype=np.float64) for a in (x, gamma, beta))
    d = x.shape[1]
    if state is None:
        state = {"running_mean": np.zeros(d), "running_var": np.ones(d)}
    rm = np.asarray(state["running_mean"], np.float64)
    rv = np.asarray(state["running_var"], np.float64)
    if mode == "train":
        mean = x64.mean(axis=0)
        var = x64.var(axis=0)
        unbiased = x64.var(axis=0, ddof=1)
        new = {
            "running_mean": rm + momentum * (mean - rm),
            "running_var": rv + momentum * (unbiased - rv),
        }
    else:
        mean, var = rm, rv
        new = {"running_mean": rm, "running_var": rv}
    x_hat = (x64 - mean) / np.sqrt(var + eps)
    out = g64 * x_hat + b64
    cache = {
        "x": x,
        "x_hat": x_hat.astype(x.dtype),
        "mean": mean,
        "var": var,
        "eps": eps,
        "gamma": gamma,
        "mode": mode,
    }
    new = {k: v.astype(x.dtype) for k, v in new.items()}
    return out.astype(x.dtype), cache, new
