"""The loop passes state None at every step: RMSProp and momentum forget their history
(plain SGD, which has none, is unaffected)."""

import numpy as np

LOSES = ["q5"]


def minimize(name, start, steps, **hyper):
    update = optimizer(name)
    point = np.array(start, dtype=np.float64)
    path = [point]
    for _ in range(steps):
        point, _ = update(point.copy(), rosenbrock_grad(point), None, **hyper)
        path.append(point)
    return np.stack(path)
