"""Ties share the gradient equally between all maxima of the window (not the documented rule)."""

LOSES = ["q3"]

import numpy as np


def max_pool_backward(dout, cache):
    x, out, pool_height, pool_width, stride = cache
    _, _, offsets = _window_slices(x.shape, pool_height, pool_width, stride)  # noqa: F821
    count = sum((x[:, :, r, c] == out).astype(x.dtype) for r, c in offsets)
    dx = np.zeros_like(x)
    for r, c in offsets:
        dx[:, :, r, c] += np.where(x[:, :, r, c] == out, dout / count, 0)
    return dx
