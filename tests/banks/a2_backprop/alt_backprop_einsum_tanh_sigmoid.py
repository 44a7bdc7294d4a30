"""Sigmoid written as (1 + tanh(z/2)) / 2, products as einsum, δ from net values."""

LOSES = []
MODULE = "backprop"


def _f(z):
    return ((1 + np.tanh(z / 2)) / 2).astype(z.dtype)


def two_layer_forward(x, w1, w2):
    net_j = np.einsum("nm,mj->nj", x, w1)
    h = _f(net_j)
    net_k = np.einsum("nj,jk->nk", h, w2)
    return _f(net_k), {"x": x, "net_j": net_j, "h": h, "net_k": net_k, "y": _f(net_k)}


def output_deltas(y, d):
    return -(y - d) * (y - y**2)


def backprop_update(cache, d, w1, w2, eta):
    grad_net_k = -output_deltas(cache["y"], d)
    grad_w2 = np.einsum("nj,nk->jk", cache["h"], grad_net_k)
    grad_net_j = -hidden_deltas(cache["h"], -grad_net_k, w2)
    grad_w1 = np.einsum("nm,nj->mj", cache["x"], grad_net_j)
    return w1 - eta * grad_w1, w2 - eta * grad_w2
