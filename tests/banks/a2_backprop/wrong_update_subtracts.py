"""Subtracts η δ · input: with δ = (d − y) f' already pointing downhill, this climbs E."""

LOSES = ["q2"]
MODULE = "backprop"


def backprop_update(cache, d, w1, w2, eta):
    delta_k = output_deltas(cache["y"], d)
    delta_j = hidden_deltas(cache["h"], delta_k, w2)
    return w1 - eta * (cache["x"].T @ delta_j), w2 - eta * (cache["h"].T @ delta_k)
