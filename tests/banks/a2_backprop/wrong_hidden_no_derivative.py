"""Drops f'(net_j) from the hidden error: δ_j = Σ_k δ_k w_kj."""

LOSES = ["q2"]
MODULE = "backprop"


def hidden_deltas(h, delta_k, w2):
    return delta_k @ w2.T
