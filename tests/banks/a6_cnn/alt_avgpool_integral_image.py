"""Forward with an integral image (2-D cumulative sums: every window sum from four corners);
backward as the transpose of the same four-corner formula."""

LOSES = []

import numpy as np


def avg_pool_forward(x, pool_height=2, pool_width=2, stride=2):
    N, C, H, W = x.shape
    H_out = 1 + (H - pool_height) // stride
    W_out = 1 + (W - pool_width) // stride
    s = np.zeros((N, C, H + 1, W + 1), dtype=x.dtype)
    s[:, :, 1:, 1:] = x.cumsum(axis=2).cumsum(axis=3)
    r0 = np.arange(H_out) * stride
    c0 = np.arange(W_out) * stride
    r1, c1 = r0 + pool_height, c0 + pool_width
    total = (
        s[:, :, r1][:, :, :, c1]
        - s[:, :, r0][:, :, :, c1]
        - s[:, :, r1][:, :, :, c0]
        + s[:, :, r0][:, :, :, c0]
    )
    return total / (pool_height * pool_width), (x.shape, x.dtype, pool_height, pool_width, stride)


def avg_pool_backward(dout, cache):
    x_shape, dtype, pool_height, pool_width, stride = cache
    N, C, H, W = x_shape
    H_out, W_out = dout.shape[2:]
    g = (dout / (pool_height * pool_width)).astype(dtype)
    # Each window adds +g at its two top-left corners of the difference grid and -g at the
    # others; a 2-D cumulative sum of that grid is the gradient.
    diff = np.zeros((N, C, H + 1, W + 1), dtype=dtype)
    for i in range(H_out):
        for j in range(W_out):
            r, c = i * stride, j * stride
            diff[:, :, r, c] += g[:, :, i, j]
            diff[:, :, r + pool_height, c] -= g[:, :, i, j]
            diff[:, :, r, c + pool_width] -= g[:, :, i, j]
            diff[:, :, r + pool_height, c + pool_width] += g[:, :, i, j]
    return diff.cumsum(axis=2).cumsum(axis=3)[:, :, :H, :W]
