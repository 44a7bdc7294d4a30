"""The McCulloch–Pitts unit fires only when net_j > T_j (the lecture has ≥)."""

LOSES = ["q1"]


def threshold_unit(o, w, T):
    return (np.asarray(o) @ np.asarray(w) > T).astype(int)
