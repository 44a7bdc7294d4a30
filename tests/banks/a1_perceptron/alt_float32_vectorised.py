"""Everything in float32, training written with a while loop and vectorised predictions."""

LOSES = []


def predict(X, w, b):
    z = np.asarray(X, dtype=np.float32) @ np.asarray(w, dtype=np.float32) + np.float32(b)
    return np.where(z >= 0, 1, -1)


def train(X, y, eta=1.0, max_epochs=100):
    X = np.asarray(X, dtype=np.float32)
    y = np.asarray(y, dtype=np.float32)
    w = np.zeros(X.shape[1], dtype=np.float32)
    b = np.float32(0.0)
    mistakes = []
    epoch = 0
    while epoch < max_epochs:
        count = 0
        for i in range(len(X)):
            err = y[i] - (1.0 if X[i] @ w + b >= 0 else -1.0)
            if err:
                w += np.float32(eta) * err * X[i]
                b += np.float32(eta) * err
                count += 1
        mistakes.append(count)
        epoch += 1
        if not count:
            break
    return w, float(b), mistakes


def margin(X, y, w, b):
    Xe = np.hstack([np.asarray(X, dtype=float), np.ones((len(X), 1))])
    we = np.append(np.asarray(w, dtype=float), b)
    return float((np.asarray(y) * (Xe @ we)).min() / np.linalg.norm(we))
