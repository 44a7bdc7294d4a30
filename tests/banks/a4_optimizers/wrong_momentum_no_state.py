"""Momentum buffer never carried over: every call restarts from b = g (plain SGD)."""

LOSES = ["q1"]


def sgd_momentum(w, dw, state=None, lr=1e-2, momentum=0.9):
    return w - lr * dw, {"buf": dw}
