"""Updates the weights on every example, right or wrong (w += η y x each time)."""

LOSES = ["q2", "q3"]


def train(X, y, eta=1.0, max_epochs=100):
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1])
    b = 0.0
    mistakes = []
    for _ in range(max_epochs):
        count = 0
        for x_i, y_i in zip(X, y):
            y_hat = 1 if x_i @ w + b >= 0 else -1
            count += int(y_hat != y_i)
            w = w + eta * y_i * x_i
            b = b + eta * y_i
        mistakes.append(count)
        if count == 0:
            break
    return w, b, mistakes
