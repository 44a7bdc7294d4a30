"""Forgets the output unit's sigmoid: y_k = net_k."""

LOSES = ["q1"]
MODULE = "backprop"


def two_layer_forward(x, w1, w2):
    net_j = x @ w1
    h = sigmoid(net_j)
    net_k = h @ w2
    return net_k, {"x": x, "net_j": net_j, "h": h, "net_k": net_k, "y": net_k}
