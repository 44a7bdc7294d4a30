"""Assignment 2, part 3: the universal approximation theorem with ReLU units (普适逼近定理).

A network with one hidden layer of finitely many units approximates any continuous
function on a closed interval to any accuracy. The lecture shows it with six ReLU units
n_1..n_6 whose signed sum Z(x) is a bump-shaped piecewise-linear function. That
construction is given below as a worked example; you build the general one: a
one-hidden-layer ReLU network that passes through any chosen points, so its error shrinks
as the points get denser.

Network form (the course's layer contract, with a 1-D input):

    h = ReLU(x @ w1 + b1)    y = h @ w2 + b2

with x of shape (N, 1), w1 (1, H), b1 (H,), w2 (H, 1), b2 (1,).
"""

from __future__ import annotations

import numpy as np

# ---------------------------------------------------------------------------------------
# Given: the lecture's construction, a worked example of ReLU units and their signed sum
# ---------------------------------------------------------------------------------------


def lecture_units(x: np.ndarray) -> np.ndarray:
    """The lecture's six ReLU units n_1(x) .. n_6(x) (普适逼近定理), given to you complete.

    n_1(x) = ReLU(−5x − 7.7), n_2(x) = ReLU(−1.2x − 1.3), n_3(x) = ReLU(1.2x + 1),
    n_4(x) = ReLU(1.2x − 0.2), n_5(x) = ReLU(2x − 1.1), n_6(x) = ReLU(5x − 5).

    Args:
        x: points, shape (N,).

    Returns:
        shape (N, 6): column i − 1 holds n_i(x). Dtype of ``x``.
    """
    slopes = np.array([-5.0, -1.2, 1.2, 1.2, 2.0, 5.0], dtype=x.dtype)
    intercepts = np.array([-7.7, -1.3, 1.0, -0.2, -1.1, -5.0], dtype=x.dtype)
    # one column per unit: the input times the unit's slope plus its intercept, then ReLU
    return np.maximum(x[:, None] * slopes + intercepts, 0)


def lecture_z(x: np.ndarray) -> np.ndarray:
    """The lecture's Z(x) = −n_1(x) − n_2(x) − n_3(x) + n_4(x) + n_5(x) + n_6(x) (given).

    A signed sum of the units is the output layer of a one-hidden-layer network: the
    signs are its output weights.

    Args:
        x: points, shape (N,).

    Returns:
        Z(x), shape (N,), dtype of ``x``.
    """
    signs = np.array([-1, -1, -1, 1, 1, 1], dtype=x.dtype)
    return lecture_units(x) @ signs


# ---------------------------------------------------------------------------------------
# q5: a ReLU network through any points (piecewise-linear interpolation)
# ---------------------------------------------------------------------------------------


def relu_network(
    x: np.ndarray, w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray
) -> np.ndarray:
    """Output of the one-hidden-layer ReLU network (given to you complete).

    Args:
        x: inputs, shape (N, 1).
        w1, b1, w2, b2: shapes (1, H), (H,), (H, 1), (1,).

    Returns:
        y, shape (N, 1).
    """
    return np.maximum(x @ w1 + b1, 0) @ w2 + b2


def relu_interpolant(
    knots: np.ndarray, values: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A one-hidden-layer ReLU network through the points (knots[i], values[i]).

    Between consecutive knots the network must be the straight line joining the two
    points (piecewise-linear interpolation); so for a function f with |f''| ≤ C sampled at
    knots spaced h apart, the maximum error on [knots[0], knots[-1]] is at most C h² / 8.
    Use at most K − 1 hidden units for K knots. Outside the interval the output may be
    anything.

    Args:
        knots: strictly increasing points, shape (K,), K ≥ 2.
        values: function values at the knots, shape (K,).

    Returns:
        ``(w1, b1, w2, b2)`` for ``relu_network``: shapes (1, H), (H,), (H, 1), (1,) with
        H ≤ K − 1, dtype of ``knots``.
    """
    # BEGIN SOLUTION q5: one unit ReLU(x − knot) per segment, weighted by the change of slope
    slopes = np.diff(values) / np.diff(knots)
    w1 = np.ones((1, knots.shape[0] - 1), dtype=knots.dtype)
    b1 = -knots[:-1]
    w2 = np.diff(slopes, prepend=0)[:, None].astype(knots.dtype)
    b2 = np.array([values[0]], dtype=knots.dtype)
    return w1, b1, w2, b2
    # END SOLUTION
