"""Reads w1 as (J, M), the lecture's w_jm index order, instead of the contract's (M, J)."""

LOSES = ["q1"]
MODULE = "backprop"


def two_layer_forward(x, w1, w2):
    net_j = x @ w1.T
    h = sigmoid(net_j)
    net_k = h @ w2
    y = sigmoid(net_k)
    return y, {"x": x, "net_j": net_j, "h": h, "net_k": net_k, "y": y}
