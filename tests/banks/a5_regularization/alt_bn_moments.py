"""Mean as sum / m and variance as E[x²] - E[x]², written out with explicit sums."""

LOSES = []

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def batchnorm_forward(x, gamma, beta, state=None, mode="train", momentum=0.1, eps=1e-5):
    d = x.shape[1]
    rm = np.zeros(d, x.dtype) if state is None else np.asarray(state["running_mean"])
    rv = np.ones(d, x.dtype) if state is None else np.asarray(state["running_var"])
    if mode == "train":
        m = x.shape[0]
        mean = np.sum(x, axis=0) / m
        var = np.sum(x * x, axis=0) / m - mean * mean
        rm = momentum * mean + (1.0 - momentum) * rm
        rv = momentum * (var * m / (m - 1)) + (1.0 - momentum) * rv
    else:
        mean, var = rm, rv
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = ((x - mean) * inv_std).astype(x.dtype)
    out = (x_hat * gamma + beta).astype(x.dtype)
    cache = dict(x=x, x_hat=x_hat, mean=mean, var=var, eps=eps, gamma=gamma, mode=mode)
    return out, cache, {"running_mean": np.array(rm), "running_var": np.array(rv)}
