"""The hidden layer is computed in float64: y keeps the dtype of x, but the cache's
net_j and h are float64 for float32 inputs."""

LOSES = ["q1"]
MODULE = "backprop"

import numpy as np


def two_layer_forward(x, w1, w2):
    net_j = x.astype(np.float64) @ w1.astype(np.float64)
    h = sigmoid(net_j)
    net_k = (h @ w2).astype(x.dtype)
    y = sigmoid(net_k)
    return y, {"x": x, "net_j": net_j, "h": h, "net_k": net_k, "y": y}
