"""Averages the update over the batch: right for one example (the slide), wrong for E summed
over a batch."""

LOSES = ["q2"]
MODULE = "backprop"


def backprop_update(cache, d, w1, w2, eta):
    n = cache["x"].shape[0]
    delta_k = output_deltas(cache["y"], d)
    delta_j = hidden_deltas(cache["h"], delta_k, w2)
    return w1 + eta * (cache["x"].T @ delta_j) / n, w2 + eta * (cache["h"].T @ delta_k) / n
