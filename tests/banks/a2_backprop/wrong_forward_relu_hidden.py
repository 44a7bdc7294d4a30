"""Uses ReLU in the hidden layer, where the lecture's example has sigmoid units."""

LOSES = ["q1"]
MODULE = "backprop"


def two_layer_forward(x, w1, w2):
    net_j = x @ w1
    h = np.maximum(net_j, 0)
    net_k = h @ w2
    y = sigmoid(net_k)
    return y, {"x": x, "net_j": net_j, "h": h, "net_k": net_k, "y": y}
