"""Margin divided by ‖w‖ instead of ‖(w, b)‖ (the bias is a weight of the extended input)."""

LOSES = ["q3"]


def margin(X, y, w, b):
    return float(np.min(np.asarray(y) * (np.asarray(X) @ w + b)) / np.linalg.norm(w))
