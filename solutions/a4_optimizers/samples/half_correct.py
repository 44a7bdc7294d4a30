"""A sample submission: SGD and momentum right; RMSProp starts its running average at g²
instead of 0 on the first call, and Adam keeps the bias-corrected m̂ and v̂ in its state, so
the correction is applied again to already corrected moments from the second step on."""

LOSES = ["q2", "q3"]


def rmsprop(w, dw, state=None, lr=1e-2, alpha=0.99, eps=1e-8):
    if state is None:
        s = dw**2  # no history yet: start from the current squared gradient
    else:
        s = alpha * state["s"] + (1 - alpha) * dw**2
    w_new = w - lr * dw / (np.sqrt(s) + eps)
    return w_new, {"s": s}


def adam(w, dw, state=None, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"m": np.zeros_like(w), "v": np.zeros_like(w), "t": 0}
    t = state["t"] + 1
    m = beta1 * state["m"] + (1 - beta1) * dw
    v = beta2 * state["v"] + (1 - beta2) * dw**2
    m = m / (1 - beta1**t)
    v = v / (1 - beta2**t)
    w_new = w - lr * m / (np.sqrt(v) + eps)
    return w_new, {"m": m, "v": v, "t": t}
