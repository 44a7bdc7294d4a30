"""Adam as torch.optim.Adam writes it, updating the moments in place with lerp-like steps."""

import math

import numpy as np

LOSES = []


def adam(w, dw, state=None, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"m": np.zeros_like(w), "v": np.zeros_like(w), "t": 0}
    state["t"] += 1
    t = state["t"]
    state["m"] += (1 - beta1) * (dw - state["m"])
    state["v"] *= beta2
    state["v"] += (1 - beta2) * dw * dw
    denom = np.sqrt(state["v"]) / math.sqrt(1 - beta2**t) + eps
    return w - (lr / (1 - beta1**t)) * state["m"] / denom, state
