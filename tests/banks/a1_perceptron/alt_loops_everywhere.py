"""Plain Python loops instead of array operations (slower, equally correct)."""

LOSES = []


def threshold_unit(o, w, T):
    out = []
    for row in o:
        net = 0.0
        for o_i, w_i in zip(row, w):
            net += w_i * o_i
        out.append(1 if net >= T else 0)
    return np.array(out)


def sign(z):
    z = np.asarray(z)
    return np.array([1 if v >= 0 else -1 for v in z.ravel()]).reshape(z.shape)


def predict(X, w, b):
    return np.array([1 if sum(wi * xi for wi, xi in zip(w, x)) + b >= 0 else -1 for x in X])


def two_layer_forward(X, W1, T1, w2, T2):
    out = []
    for x in X:
        h = [1 if sum(wj * xi for wj, xi in zip(row, x)) >= t else 0 for row, t in zip(W1, T1)]
        out.append(1 if sum(a * c for a, c in zip(w2, h)) >= T2 else 0)
    return np.array(out)
