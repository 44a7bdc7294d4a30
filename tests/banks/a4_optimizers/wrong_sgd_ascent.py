"""SGD steps along the gradient instead of against it."""

LOSES = ["q1"]


def sgd(w, dw, state=None, lr=1e-2):
    return w + lr * dw, {}
