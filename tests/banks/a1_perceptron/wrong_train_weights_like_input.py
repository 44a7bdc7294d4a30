"""The weights start as np.zeros_like(X[0]) and are updated in place: integer inputs give
integer weights, and a fractional update cannot be stored in them."""

LOSES = ["q2"]

import numpy as np


def train(X, y, eta=1.0, max_epochs=100):
    X = np.asarray(X)
    w = np.zeros_like(X[0])
    b = 0.0
    mistakes = []
    for _ in range(max_epochs):
        count = 0
        for x_i, y_i in zip(X, y):
            y_hat = 1 if x_i @ w + b >= 0 else -1
            if y_hat != y_i:
                w += eta * (y_i - y_hat) * x_i
                b = b + eta * (y_i - y_hat)
                count += 1
        mistakes.append(count)
        if count == 0:
            break
    return w, float(b), mistakes
