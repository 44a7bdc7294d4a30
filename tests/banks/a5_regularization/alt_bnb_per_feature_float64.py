"""A loop over features, each in float64 (the m×m Jacobian made explicit), cast back at the end."""

LOSES = []

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def batchnorm_backward(dout, cache):
    g64 = np.asarray(dout, np.float64)
    x_hat = np.asarray(cache["x_hat"], np.float64)
    gamma = np.broadcast_to(np.asarray(cache["gamma"], np.float64), (g64.shape[1],))
    inv_std = 1.0 / np.sqrt(np.asarray(cache["var"], np.float64) + cache["eps"])
    m, d = g64.shape
    dx = np.empty((m, d))
    for j in range(d):
        if cache["mode"] == "eval":
            jac = np.eye(m) * inv_std[j]
        else:
            # ∂x̂_i/∂x_k = inv_std (δ_ik - 1/m - x̂_i x̂_k / m)
            jac = inv_std[j] * (np.eye(m) - 1.0 / m - np.outer(x_hat[:, j], x_hat[:, j]) / m)
        dx[:, j] = jac.T @ (g64[:, j] * gamma[j])
    dgamma = (g64 * x_hat).sum(axis=0)
    dbeta = g64.sum(axis=0)
    return tuple(a.astype(dout.dtype) for a in (dx, dgamma, dbeta))
