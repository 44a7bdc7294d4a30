"""The backward pass assigns each window's share instead of adding: overlapping windows lose
all but one contribution."""

LOSES = ["q4"]

import numpy as np


def avg_pool_backward(dout, cache):
    x_shape, dtype, pool_height, pool_width, stride = cache
    _, _, offsets = _window_slices(x_shape, pool_height, pool_width, stride)  # noqa: F821
    dx = np.zeros(x_shape, dtype=dtype)
    for rows, cols in offsets:
        dx[:, :, rows, cols] = dout / (pool_height * pool_width)
    return dx
