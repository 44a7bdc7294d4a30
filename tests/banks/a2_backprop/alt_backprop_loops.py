"""Loops over examples and units, as the lecture writes the sums; float32 kept by casting."""

LOSES = []
MODULE = "backprop"


def _f(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))


def two_layer_forward(x, w1, w2):
    n, m = x.shape
    j_units, k_units = w2.shape
    net_j = np.zeros((n, j_units), dtype=x.dtype)
    net_k = np.zeros((n, k_units), dtype=x.dtype)
    for i in range(n):
        for j in range(j_units):
            net_j[i, j] = sum(w1[mm, j] * x[i, mm] for mm in range(m))
    h = _f(net_j).astype(x.dtype)
    for i in range(n):
        for k in range(k_units):
            net_k[i, k] = sum(w2[j, k] * h[i, j] for j in range(j_units))
    y = _f(net_k).astype(x.dtype)
    return y, {"x": x, "net_j": net_j, "h": h, "net_k": net_k, "y": y}


def hidden_deltas(h, delta_k, w2):
    out = np.empty_like(h)
    for i in range(h.shape[0]):
        for j in range(h.shape[1]):
            out[i, j] = h[i, j] * (1 - h[i, j]) * np.dot(delta_k[i], w2[j])
    return out


def backprop_update(cache, d, w1, w2, eta):
    w1_new, w2_new = w1.copy(), w2.copy()
    delta_k = output_deltas(cache["y"], d)
    delta_j = hidden_deltas(cache["h"], delta_k, w2)
    for i in range(cache["x"].shape[0]):
        w2_new += eta * np.outer(cache["h"][i], delta_k[i])
        w1_new += eta * np.outer(cache["x"][i], delta_j[i])
    return w1_new, w2_new
