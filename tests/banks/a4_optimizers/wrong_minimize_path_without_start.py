"""The path records the points after each step but not the start: steps rows, not steps + 1."""

import numpy as np

LOSES = ["q5"]


def minimize(name, start, steps, **hyper):
    update = optimizer(name)
    point, state, path = np.array(start, dtype=np.float64), None, []
    for _ in range(steps):
        point, state = update(point.copy(), rosenbrock_grad(point), state, **hyper)
        path.append(point)
    return np.array(path).reshape(steps, 2)
