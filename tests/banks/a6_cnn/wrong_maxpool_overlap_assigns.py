"""The backward pass assigns instead of adding: with overlapping windows an input that is the
maximum of two windows keeps only one window's gradient (or loses it to a zero)."""

LOSES = ["q3"]

import numpy as np


def max_pool_backward(dout, cache):
    x, out, pool_height, pool_width, stride = cache
    _, _, offsets = _window_slices(x.shape, pool_height, pool_width, stride)  # noqa: F821
    dx = np.zeros_like(x)
    pending = np.ones(out.shape, dtype=bool)
    for r, c in offsets:
        hit = (x[:, :, r, c] == out) & pending
        dx[:, :, r, c] = np.where(hit, dout, 0)
        pending &= ~hit
    return dx
