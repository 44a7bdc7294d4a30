"""Puts the kinks at knots[1:] instead of knots[:-1] (off by one knot)."""

LOSES = ["q5"]
MODULE = "approx"


def relu_interpolant(knots, values):
    slopes = np.diff(values) / np.diff(knots)
    w1 = np.ones((1, knots.shape[0] - 1), dtype=knots.dtype)
    w2 = np.diff(slopes, prepend=0)[:, None].astype(knots.dtype)
    return w1, -knots[1:], w2, np.array([values[0]], dtype=knots.dtype)
