"""Forward as a reduction over a sliding-window view (slower, correct); backward marks the first
maximum of each window with a cumulative count of the maxima seen so far."""

LOSES = []

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _windows(x, pool_height, pool_width, stride):
    view = sliding_window_view(x, (pool_height, pool_width), axis=(2, 3))[:, :, ::stride, ::stride]
    return view.reshape(*view.shape[:4], -1)


def max_pool_forward(x, pool_height=2, pool_width=2, stride=2):
    out = _windows(x, pool_height, pool_width, stride).max(axis=-1)
    return out, (x, out, pool_height, pool_width, stride)


def max_pool_backward(dout, cache):
    x, out, pool_height, pool_width, stride = cache
    win = _windows(x, pool_height, pool_width, stride)
    is_max = win == out[..., None]
    first = is_max & (np.cumsum(is_max, axis=-1) == 1)
    grads = np.where(first, dout[..., None], 0).astype(x.dtype)
    dx = np.zeros_like(x)
    H_out, W_out = out.shape[2:]
    for i in range(H_out):
        for j in range(W_out):
            dx[
                :, :, i * stride : i * stride + pool_height, j * stride : j * stride + pool_width
            ] += grads[:, :, i, j].reshape(*x.shape[:2], pool_height, pool_width)
    return dx
