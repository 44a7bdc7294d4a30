"""Units computed column by column; the interpolant's output layer solved as a linear
system through the knots instead of written down from the slopes."""

LOSES = []
MODULE = "approx"


def lecture_units(x):
    lines = [(-5.0, -7.7), (-1.2, -1.3), (1.2, 1.0), (1.2, -0.2), (2.0, -1.1), (5.0, -5.0)]
    columns = [np.maximum(a * x + c, 0).astype(x.dtype) for a, c in lines]
    return np.stack(columns, axis=1)


def lecture_z(x):
    n = lecture_units(x)
    return -n[:, 0] - n[:, 1] - n[:, 2] + n[:, 3] + n[:, 4] + n[:, 5]


def relu_interpolant(knots, values):
    k = knots.shape[0]
    w1 = np.ones((1, k - 1))
    b1 = -knots[:-1].astype(np.float64)
    features = np.maximum(knots[:, None].astype(np.float64) @ w1 + b1, 0)
    system = np.hstack([features, np.ones((k, 1))])  # k equations, k unknowns (w2, b2)
    solution = np.linalg.solve(system, values.astype(np.float64))
    dtype = knots.dtype
    return (
        w1.astype(dtype),
        b1.astype(dtype),
        solution[:-1, None].astype(dtype),
        solution[-1:].astype(dtype),
    )
