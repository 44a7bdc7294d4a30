"""The slide's variant: hidden deltas from the already updated output weights."""

LOSES = ["q2"]
MODULE = "backprop"


def backprop_update(cache, d, w1, w2, eta):
    delta_k = output_deltas(cache["y"], d)
    w2_new = w2 + eta * (cache["h"].T @ delta_k)
    delta_j = hidden_deltas(cache["h"], delta_k, w2_new)
    w1_new = w1 + eta * (cache["x"].T @ delta_j)
    return w1_new, w2_new
