"""The output unit fires only when its net input is strictly above the threshold."""

LOSES = ["q4"]


def two_layer_forward(X, W1, T1, w2, T2):
    H = (np.asarray(X) @ np.asarray(W1).T >= np.asarray(T1)).astype(int)
    return (H @ np.asarray(w2) > T2).astype(int)
