"""The gradient is computed once, at the start, and reused for every step."""

import numpy as np

LOSES = ["q5"]


def minimize(name, start, steps, **hyper):
    update = optimizer(name)
    point, state = np.array(start, dtype=np.float64), None
    grad = rosenbrock_grad(point)
    path = [point]
    for _ in range(steps):
        point, state = update(point.copy(), grad, state, **hyper)
        path.append(point)
    return np.stack(path)
