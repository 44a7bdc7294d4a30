"""Loop over output pixels; np.argmax on each flattened window picks the first maximum in
row-major order, and the backward pass scatters dout there."""

LOSES = []

import numpy as np


def max_pool_forward(x, pool_height=2, pool_width=2, stride=2):
    N, C, H, W = x.shape
    H_out = 1 + (H - pool_height) // stride
    W_out = 1 + (W - pool_width) // stride
    out = np.empty((N, C, H_out, W_out), dtype=x.dtype)
    arg = np.empty((N, C, H_out, W_out), dtype=np.int64)
    for i in range(H_out):
        for j in range(W_out):
            win = x[
                :, :, i * stride : i * stride + pool_height, j * stride : j * stride + pool_width
            ]
            flat = win.reshape(N, C, -1)
            arg[:, :, i, j] = flat.argmax(axis=2)
            out[:, :, i, j] = flat.max(axis=2)
    return out, (x.shape, x.dtype, arg, pool_height, pool_width, stride)


def max_pool_backward(dout, cache):
    x_shape, dtype, arg, pool_height, pool_width, stride = cache
    N, C = x_shape[:2]
    dx = np.zeros(x_shape, dtype=dtype)
    n, c = np.meshgrid(np.arange(N), np.arange(C), indexing="ij")
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            p, q = np.divmod(arg[:, :, i, j], pool_width)
            dx[n, c, i * stride + p, j * stride + q] += dout[:, :, i, j]
    return dx
