"""The output size is rounded up: a partial window at the bottom/right edge is pooled too."""

LOSES = ["q3"]

import numpy as np


def max_pool_forward(x, pool_height=2, pool_width=2, stride=2):
    N, C, H, W = x.shape
    H_out = -(-(H - pool_height) // stride) + 1
    W_out = -(-(W - pool_width) // stride) + 1
    out = np.empty((N, C, H_out, W_out), dtype=x.dtype)
    for i in range(H_out):
        for j in range(W_out):
            win = x[
                :, :, i * stride : i * stride + pool_height, j * stride : j * stride + pool_width
            ]
            out[:, :, i, j] = win.max(axis=(2, 3))
    return out, (x, out, pool_height, pool_width, stride)
