"""Drops the padding with dx_pad[:, :, pad:-pad, pad:-pad]: right for pad >= 1, but for
pad = 0 the slice 0:-0 is empty."""

LOSES = ["q1"]

import numpy as np


def conv_backward_naive(dout, cache):
    x, w, b, stride, pad = cache
    N, F, H_out, W_out = dout.shape
    _, _, HH, WW = w.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros_like(w)
    db = np.zeros_like(b)
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    rows = slice(i * stride, i * stride + HH)
                    cols = slice(j * stride, j * stride + WW)
                    dx_pad[n, :, rows, cols] += dout[n, f, i, j] * w[f]
                    dw[f] += dout[n, f, i, j] * x_pad[n, :, rows, cols]
                    db[f] += dout[n, f, i, j]
    return dx_pad[:, :, pad:-pad, pad:-pad], dw, db
