"""Leaves out the output bias values[0]: the curve is shifted to start at 0."""

LOSES = ["q5"]
MODULE = "approx"


def relu_interpolant(knots, values):
    slopes = np.diff(values) / np.diff(knots)
    w1 = np.ones((1, knots.shape[0] - 1), dtype=knots.dtype)
    w2 = np.diff(slopes, prepend=0)[:, None].astype(knots.dtype)
    return w1, -knots[:-1], w2, np.zeros(1, dtype=knots.dtype)
