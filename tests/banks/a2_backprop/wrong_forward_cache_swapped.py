"""Right output, but the cache stores h under "net_j" and net_j under "h"."""

LOSES = ["q1"]
MODULE = "backprop"


def two_layer_forward(x, w1, w2):
    net_j = x @ w1
    h = sigmoid(net_j)
    net_k = h @ w2
    y = sigmoid(net_k)
    return y, {"x": x, "net_j": h, "h": net_j, "net_k": net_k, "y": y}
