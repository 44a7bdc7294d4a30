"""Scales the step by the gradient's size: lr · dw · |dw| instead of lr · dw."""

LOSES = ["q4"]
MODULE = "mlp"


def sgd_update(w, dw, state=None, lr=1e-2):
    return w - lr * dw * np.abs(dw), state
