"""minimize writing into a preallocated path array; rosenbrock_grad expanded into
polynomials."""

import numpy as np

LOSES = []


def rosenbrock_grad(p):
    x, y = p
    return np.array([400 * x**3 - 400 * x * y + 2 * x - 2, 200 * y - 200 * x**2], dtype=p.dtype)


def minimize(name, start, steps, **hyper):
    path = np.empty((steps + 1, 2))
    path[0] = start
    state = None
    for k in range(steps):
        new, state = optimizer(name)(path[k].copy(), rosenbrock_grad(path[k]), state, **hyper)
        path[k + 1] = new
    return path
