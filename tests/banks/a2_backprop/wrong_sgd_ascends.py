"""Steps along the gradient instead of against it."""

LOSES = ["q4"]
MODULE = "mlp"


def sgd_update(w, dw, state=None, lr=1e-2):
    return w + lr * dw, state
