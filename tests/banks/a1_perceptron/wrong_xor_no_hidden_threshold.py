"""Feeds the hidden layer's net inputs, not its thresholded outputs, to the output unit."""

LOSES = ["q4"]


def two_layer_forward(X, W1, T1, w2, T2):
    net = np.asarray(X) @ np.asarray(W1).T
    return (net @ np.asarray(w2) >= T2).astype(int)
