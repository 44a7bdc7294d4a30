"""Weights each ReLU(x − knot) by the segment's slope instead of the change of slope."""

LOSES = ["q5"]
MODULE = "approx"


def relu_interpolant(knots, values):
    slopes = np.diff(values) / np.diff(knots)
    w1 = np.ones((1, knots.shape[0] - 1), dtype=knots.dtype)
    return w1, -knots[:-1], slopes[:, None], np.array([values[0]], dtype=knots.dtype)
