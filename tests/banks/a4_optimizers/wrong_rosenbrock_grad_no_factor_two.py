"""The power rule's factor 2 is forgotten in the second term: 100 and 200 x instead of 200
and 400 x."""

import numpy as np

LOSES = ["q5"]


def rosenbrock_grad(p):
    x, y = p
    return np.array([-2 * (1 - x) - 200 * x * (y - x * x), 100 * (y - x * x)], dtype=p.dtype)
