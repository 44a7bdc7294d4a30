"""The epoch loop runs range(max_epochs - 1): a run that needs exactly max_epochs epochs
stops one short of its clean epoch."""

LOSES = ["q2", "q3"]  # convergence_report trains with train

import numpy as np


def train(X, y, eta=1.0, max_epochs=100):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    w = np.zeros(X.shape[1])
    b = 0.0
    mistakes = []
    for _ in range(max(max_epochs - 1, 1)):
        count = 0
        for x_i, y_i in zip(X, y):
            y_hat = 1 if x_i @ w + b >= 0 else -1
            if y_hat != y_i:
                w = w + eta * (y_i - y_hat) * x_i
                b = b + eta * (y_i - y_hat)
                count += 1
        mistakes.append(count)
        if count == 0:
            break
    return w, float(b), mistakes
