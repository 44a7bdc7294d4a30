"""The loop steps the caller's start array in place, so the caller's start point moves."""

import numpy as np

LOSES = ["q5"]


def minimize(name, start, steps, **hyper):
    update = optimizer(name)
    point, state, path = start, None, [start.copy()]
    for _ in range(steps):
        new, state = update(point.copy(), rosenbrock_grad(point), state, **hyper)
        point[...] = new  # writes into the caller's start
        path.append(point.copy())
    return np.stack(path)
