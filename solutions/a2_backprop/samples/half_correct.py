"""A sample submission: q3-q5 untouched (the reference), a forward pass that loops over the
examples and loses float32 (its buffers are float64), and output errors that take the
sigmoid's derivative at y instead of at net_k: f(y)(1 − f(y)) rather than y(1 − y)."""

LOSES = ["q1", "q2"]


def two_layer_forward(x, w1, w2):
    n = x.shape[0]
    net_j = np.zeros((n, w1.shape[1]))
    h = np.zeros((n, w1.shape[1]))
    net_k = np.zeros((n, w2.shape[1]))
    y = np.zeros((n, w2.shape[1]))
    for i in range(n):
        net_j[i] = x[i] @ w1
        h[i] = sigmoid(net_j[i])
        net_k[i] = h[i] @ w2
        y[i] = sigmoid(net_k[i])
    return y, {"x": x, "net_j": net_j, "h": h, "net_k": net_k, "y": y}


def output_deltas(y, d):
    # f'(net_k) = f(net_k)(1 - f(net_k))
    f_prime = sigmoid(y) * (1 - sigmoid(y))
    return (d - y) * f_prime
