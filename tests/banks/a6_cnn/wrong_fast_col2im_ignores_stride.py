"""col2im puts the windows next to each other as if the stride were 1."""

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
            dx_pad[:, p : p + H_out, q : q + W_out, :] += d[:, p, q]
    return dx_pad[:, pad : pad + H, pad : pad + W, :].transpose(3, 0, 1, 2).copy()
