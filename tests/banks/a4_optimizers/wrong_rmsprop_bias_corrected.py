"""RMSProp with Adam's bias correction of s, which torch.optim.RMSprop does not do."""

import numpy as np

LOSES = ["q2"]


def rmsprop(w, dw, state=None, lr=1e-2, alpha=0.99, eps=1e-8):
    s, t = (np.zeros_like(w), 0) if state is None else (state["s"], state["t"])
    t += 1
    s = alpha * s + (1 - alpha) * dw * dw
    s_hat = s / (1 - alpha**t)
    return w - lr * dw / (np.sqrt(s_hat) + eps), {"s": s, "t": t}
