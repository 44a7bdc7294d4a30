"""SGD scales the gradient in place (dw *= lr) before subtracting it: w_new is right, but
the caller's gradient is changed."""

LOSES = ["q1"]


def sgd(w, dw, state=None, lr=1e-2):
    dw *= lr
    return w - dw, {} if state is None else state
