"""Every input equal to the window's maximum gets the full gradient (ties counted twice)."""

LOSES = ["q3"]

import numpy as np


def max_pool_backward(dout, cache):
    x, out, pool_height, pool_width, stride = cache
    _, _, offsets = _window_slices(x.shape, pool_height, pool_width, stride)  # noqa: F821
    dx = np.zeros_like(x)
    for r, c in offsets:
        dx[:, :, r, c] += np.where(x[:, :, r, c] == out, dout, 0)
    return dx
