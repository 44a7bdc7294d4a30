"""col2im assigns each offset's gradient instead of adding it: overlapping windows lose all but
the last contribution."""

LOSES = ["q2"]

import numpy as np


def col2im(dcols, x_shape, HH, WW, stride, pad):
    N, C, H, W = x_shape
    H_out = 1 + (H + 2 * pad - HH) // stride
    W_out = 1 + (W + 2 * pad - WW) // stride
    d = dcols.reshape(C, HH, WW, H_out, W_out, N)
    dx_pad = np.zeros((C, H + 2 * pad, W + 2 * pad, N), dtype=dcols.dtype)
    for p in range(HH):
        for q in range(WW):
            rows = slice(p, p + stride * (H_out - 1) + 1, stride)
            cols = slice(q, q + stride * (W_out - 1) + 1, stride)
            dx_pad[:, rows, cols, :] = d[:, p, q]
    return dx_pad[:, pad : pad + H, pad : pad + W, :].transpose(3, 0, 1, 2).copy()
