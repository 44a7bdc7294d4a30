"""Multiplies by W1 instead of its transpose: right only when W1 is square and symmetric."""

LOSES = ["q4"]


def two_layer_forward(X, W1, T1, w2, T2):
    H = (np.asarray(X) @ np.asarray(W1) >= np.asarray(T1)).astype(int)
    return (H @ np.asarray(w2) >= T2).astype(int)
