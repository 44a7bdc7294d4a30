"""Output error with the sign flipped, δ_k = (y_k − d_k) f'(net_k): the update climbs E."""

LOSES = ["q2"]
MODULE = "backprop"


def output_deltas(y, d):
    return (y - d) * y * (1 - y)
