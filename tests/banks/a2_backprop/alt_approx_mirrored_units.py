"""Builds the interpolant from the right end with units ReLU(knot − x) (w1 = −1)."""

LOSES = []
MODULE = "approx"


def relu_interpolant(knots, values):
    slopes = np.diff(values) / np.diff(knots)
    # unit i, ReLU(knots[i + 1] − x), is on left of knots[i + 1]: the slope on a segment is
    # minus the sum of the weights of the units at or right of it
    w2 = np.concatenate([np.diff(slopes), [-slopes[-1]]])
    w1 = -np.ones((1, knots.shape[0] - 1), dtype=knots.dtype)
    b1 = knots[1:].astype(knots.dtype)
    return w1, b1, w2[:, None].astype(knots.dtype), np.array([values[-1]], dtype=knots.dtype)
