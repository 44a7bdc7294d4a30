"""Momentum as an exponential average b = μb + (1 − μ)g (dampening), not PyTorch's b = μb + g."""

LOSES = ["q1"]


def sgd_momentum(w, dw, state=None, lr=1e-2, momentum=0.9):
    buf = (1 - momentum) * dw if state is None else momentum * state["buf"] + (1 - momentum) * dw
    return w - lr * buf, {"buf": buf}
