"""The chain rule through (y − x²)² takes the inner derivative as −x instead of −2x:
∂f/∂x has −200 x (y − x²) in place of −400 x (y − x²), while ∂f/∂y is right."""

import numpy as np

LOSES = ["q5"]


def rosenbrock_grad(p):
    x, y = p
    return np.array([-2 * (1 - x) - 200 * x * (y - x * x), 200 * (y - x * x)], dtype=p.dtype)
