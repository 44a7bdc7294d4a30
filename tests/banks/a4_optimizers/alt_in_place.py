"""Updates w in place (CS231n style) and returns it; buffer updated in place too."""

LOSES = []


def sgd(w, dw, state=None, lr=1e-2):
    w -= lr * dw
    return w, state or {}


def sgd_momentum(w, dw, state=None, lr=1e-2, momentum=0.9):
    if state is None:
        state = {"buf": dw.copy()}
    else:
        state["buf"] *= momentum
        state["buf"] += dw
    w -= lr * state["buf"]
    return w, state
