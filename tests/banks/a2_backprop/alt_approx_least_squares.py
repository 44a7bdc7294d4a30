"""The interpolant's output layer solved as a linear system through the knots instead of
written down from the slopes."""

LOSES = []
MODULE = "approx"


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
