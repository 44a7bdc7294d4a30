"""The chain rule through (1 − x)² drops the inner derivative −1: ∂f/∂x starts with
+2 (1 − x)."""

import numpy as np

LOSES = ["q5"]


def rosenbrock_grad(p):
    x, y = p
    return np.array([2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)], dtype=p.dtype)
