"""A sample submission: dropout and the batch-norm forward right; the batch-norm backward
uses the CS231n one-line formula without its 1/m factor (train-mode dx is m times too
large), and the residual block's backward multiplies by relu(z1) instead of the 0/1 mask
of z1 > 0."""

LOSES = ["q3", "q4"]


def batchnorm_backward(dout, cache):
    x_hat = cache["x_hat"]
    gamma = cache["gamma"]
    inv_std = 1 / np.sqrt(cache["var"] + cache["eps"])
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    if cache["mode"] == "eval":
        dx = dx_hat * inv_std
    else:
        m = dout.shape[0]
        dx = inv_std * (
            m * dx_hat - np.sum(dx_hat, axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0)
        )
    return dx.astype(dout.dtype), dgamma.astype(dout.dtype), dbeta.astype(dout.dtype)


def residual_backward(dout, cache):
    x, w1, w2, z1 = cache["x"], cache["w1"], cache["w2"], cache["z1"]
    h = np.maximum(z1, 0)
    dw2 = h.T @ dout
    db2 = np.sum(dout, axis=0)
    dh = dout @ w2.T
    dz1 = dh * h  # through the ReLU
    dw1 = x.T @ dz1
    db1 = np.sum(dz1, axis=0)
    dx = dz1 @ w1.T + dout  # plus the shortcut
    return tuple(g.astype(dout.dtype) for g in (dx, dw1, db1, dw2, db2))
