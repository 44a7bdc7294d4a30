"""Takes the rise between two knots, values[i + 1] − values[i], as the slope (forgets to
divide by the spacing): right only where knots are 1 apart."""

LOSES = ["q5"]
MODULE = "approx"


def relu_interpolant(knots, values):
    slopes = np.diff(values)
    w1 = np.ones((1, knots.shape[0] - 1), dtype=knots.dtype)
    w2 = np.diff(slopes, prepend=0)[:, None].astype(knots.dtype)
    return w1, -knots[:-1], w2, np.array([values[0]], dtype=knots.dtype)
