"""Feeds net_j instead of h_j = f(net_j) into the output layer."""

LOSES = ["q1"]
MODULE = "backprop"


def two_layer_forward(x, w1, w2):
    net_j = x @ w1
    h = sigmoid(net_j)
    net_k = net_j @ w2
    y = sigmoid(net_k)
    return y, {"x": x, "net_j": net_j, "h": h, "net_k": net_k, "y": y}
