"""Converts the inputs to float64, so float32 inputs give float64 outputs."""

LOSES = ["q1"]
MODULE = "backprop"


def two_layer_forward(x, w1, w2):
    x = np.asarray(x, dtype=np.float64)
    net_j = x @ w1.astype(np.float64)
    h = sigmoid(net_j)
    net_k = h @ w2.astype(np.float64)
    y = sigmoid(net_k)
    return y, {"x": x, "net_j": net_j, "h": h, "net_k": net_k, "y": y}
