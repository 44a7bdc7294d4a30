"""Adam in the paper's efficient form: η_t = η √(1 − β2^t) / (1 − β1^t), ε̂ = ε √(1 − β2^t);
without the correction η_t = η and ε̂ = ε."""

import math

import numpy as np

LOSES = []


def adam(w, dw, state=None, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, bias_correction=True):
    m, v, t = (np.zeros_like(w), np.zeros_like(w), 0) if state is None else state
    t += 1
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw * dw
    # Python floats keep float32 parameters float32; without the correction both are 1
    root = math.sqrt(1 - beta2**t) if bias_correction else 1.0
    step = lr * root / (1 - beta1**t) if bias_correction else lr
    return w - step * m / (np.sqrt(v) + eps * root), (m, v, t)
