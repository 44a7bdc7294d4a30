"""The momentum buffer lives in a module global, shared by every parameter."""

LOSES = ["q1"]


_BUFFER = {}


def sgd_momentum(w, dw, state=None, lr=1e-2, momentum=0.9):
    if state is None or "buf" not in _BUFFER or _BUFFER["buf"].shape != w.shape:
        _BUFFER["buf"] = dw
    else:
        _BUFFER["buf"] = momentum * _BUFFER["buf"] + dw
    return w - lr * _BUFFER["buf"], {}
