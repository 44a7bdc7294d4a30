"""The gradient buffer is created with the default dtype: float32 inputs get float64 dx."""

LOSES = ["q4"]

import numpy as np


def avg_pool_backward(dout, cache):
    x_shape, _, pool_height, pool_width, stride = cache
    _, _, offsets = _window_slices(x_shape, pool_height, pool_width, stride)  # noqa: F821
    dx = np.zeros(x_shape)
    for rows, cols in offsets:
        dx[:, :, rows, cols] += dout / (pool_height * pool_width)
    return dx
