"""train keeps the weight vector in a module-level dict (one per input width) and updates
it in place: a second call starts from the weights the first one ended with."""

LOSES = ["q2", "q3"]  # convergence_report trains with train

import numpy as np

_weights = {}


def train(X, y, eta=1.0, max_epochs=100):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    w = _weights.setdefault(X.shape[1], np.zeros(X.shape[1]))
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
    return w.copy(), float(b), mistakes
