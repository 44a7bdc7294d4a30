"""∂f/∂x forgets that the second term 100 (y − x²)² depends on x too."""

import numpy as np

LOSES = ["q5"]


def rosenbrock_grad(p):
    x, y = p
    return np.array([-2 * (1 - x), 200 * (y - x * x)], dtype=p.dtype)
