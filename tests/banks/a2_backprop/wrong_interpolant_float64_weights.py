"""Builds the weights in float64 whatever the knots' dtype (np.ones and np.array without
dtype): right values, but a float32 network comes back as float64."""

LOSES = ["q5"]
MODULE = "approx"


def relu_interpolant(knots, values):
    slopes = np.diff(values.astype(np.float64)) / np.diff(knots.astype(np.float64))
    w1 = np.ones((1, knots.shape[0] - 1))
    b1 = -knots[:-1].astype(np.float64)
    w2 = np.diff(slopes, prepend=0)[:, None]
    return w1, b1, w2, np.array([float(values[0])])
