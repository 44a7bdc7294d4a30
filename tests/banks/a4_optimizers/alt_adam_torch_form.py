"""Adam as torch.optim.Adam writes it, updating the moments in place with lerp-like steps."""

import math

import numpy as np

LOSES = []


def adam(w, dw, state=None, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, bias_correction=True):
    if state is None:
        state = {"m": np.zeros_like(w), "v": np.zeros_like(w), "t": 0}
    state["t"] += 1
    t = state["t"]
    state["m"] += (1 - beta1) * (dw - state["m"])
    state["v"] *= beta2
    state["v"] += (1 - beta2) * dw * dw
    c1, c2 = (1 - beta1**t, 1 - beta2**t) if bias_correction else (1.0, 1.0)
    denom = np.sqrt(state["v"]) / math.sqrt(c2) + eps
    return w - (lr / c1) * state["m"] / denom, state
