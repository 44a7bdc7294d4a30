"""q5: universal approximation: a ReLU network through any points (普适逼近定理).

The lecture's six units and Z(x) are given in approx.py (a worked example)."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import as_array, assert_close, assert_dtype, assert_shape, assert_that

OK_FORMAT = False
name = "q5"

# The stated accuracy: sin on [−π, π] from 17 equally spaced knots (h = π/8) is within
# h²/8 · max|sin''| = 0.0193 of sin; the test asks for 0.02.
SIN_KNOTS = 17
SIN_MAX_ERROR = 0.02


def _network(approx, knots, values):
    result = approx.relu_interpolant(knots, values)
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 4,
        "relu_interpolant should return a tuple (w1, b1, w2, b2)",
    )
    w1, b1, w2, b2 = (as_array(n, v) for n, v in zip(("w1", "b1", "w2", "b2"), result))
    hidden = w1.shape[-1] if w1.ndim == 2 else -1
    assert_shape("w1", w1, (1, hidden))
    assert_that(
        hidden <= len(knots) - 1,
        f"the network has {hidden} hidden units for {len(knots)} knots; use at most "
        f"{len(knots) - 1} (one per segment)",
    )
    assert_shape("b1", b1, (hidden,))
    assert_shape("w2", w2, (hidden, 1))
    assert_shape("b2", b2, (1,))
    return w1, b1, w2, b2


def _evaluate(params, x):
    """The network's output, computed here with numpy (the same formula as relu_network)."""
    w1, b1, w2, b2 = params
    return (np.maximum(x[:, None] @ w1 + b1, 0) @ w2 + b2)[:, 0]


@test_case(points=1, hidden=False)
def test_sin_to_stated_accuracy_public(approx):
    knots = np.linspace(-np.pi, np.pi, SIN_KNOTS)
    params = _network(approx, knots, np.sin(knots))
    grid = np.linspace(-np.pi, np.pi, 2001)
    error = np.abs(_evaluate(params, grid) - np.sin(grid))
    worst = int(np.argmax(error))
    assert_that(
        error[worst] <= SIN_MAX_ERROR,
        f"the network's largest error on [−π, π] is {error[worst]:.4f} at x = "
        f"{grid[worst]:.3f}, expected at most {SIN_MAX_ERROR}: between two knots the "
        f"output should be the straight line joining them",
    )


@test_case(points=1, hidden=False)
def test_through_the_points_public(approx):
    # Unequally spaced float32 knots and a first value that is not 0: the network passes
    # through every point, is the straight line between two of them, and keeps the dtype.
    knots = np.array([0.0, 0.5, 1.5, 2.0, 3.5], dtype=np.float32)
    values = np.array([1.0, 3.0, -1.0, 0.5, 0.0], dtype=np.float32)
    params = _network(approx, knots, values)
    for what, p in zip(("w1", "b1", "w2", "b2"), params):
        assert_dtype(f"{what} for float32 knots", p, np.float32)
    x = np.concatenate([knots, (knots[1:] + knots[:-1]) / 2])
    assert_close(
        "the network at the knots and at the midpoints between them",
        _evaluate(params, x),
        np.interp(x.astype(np.float64), knots, values),
        hint="at knots[0] the output is values[0] (the output bias); each unit ReLU(x − knot) "
        "adds the change of slope at its knot",
    )
