"""Average pooling by reshaping into non-overlapping blocks: ignores the stride."""

LOSES = ["q4"]

import numpy as np


def avg_pool_forward(x, pool_height=2, pool_width=2, stride=2):
    N, C, H, W = x.shape
    Hb, Wb = H // pool_height, W // pool_width
    blocks = x[:, :, : Hb * pool_height, : Wb * pool_width].reshape(
        N, C, Hb, pool_height, Wb, pool_width
    )
    return blocks.mean(axis=(3, 5)), (x.shape, x.dtype, pool_height, pool_width, stride)


def avg_pool_backward(dout, cache):
    x_shape, dtype, pool_height, pool_width, _ = cache
    dx = np.zeros(x_shape, dtype=dtype)
    share = np.repeat(np.repeat(dout, pool_height, axis=2), pool_width, axis=3)
    dx[:, :, : share.shape[2], : share.shape[3]] = share / (pool_height * pool_width)
    return dx
