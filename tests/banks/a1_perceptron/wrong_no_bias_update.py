"""Never updates the bias: b stays 0, so the boundary must pass through the origin."""

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
            if y_hat != y_i:
                w = w + eta * (y_i - y_hat) * x_i
                count += 1
        mistakes.append(count)
        if count == 0:
            break
    return w, b, mistakes
