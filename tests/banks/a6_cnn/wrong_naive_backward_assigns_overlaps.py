"""Assigns each window's gradient into dx_pad instead of adding it: where windows overlap
(a 3x3 filter at stride 1) a pixel keeps only the last window's share."""

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
        for i in range(H_out):
            for j in range(W_out):
                rows = slice(i * stride, i * stride + HH)
                cols = slice(j * stride, j * stride + WW)
                share = np.zeros_like(w[0])
                for f in range(F):
                    share += dout[n, f, i, j] * w[f]
                    dw[f] += dout[n, f, i, j] * x_pad[n, :, rows, cols]
                    db[f] += dout[n, f, i, j]
                dx_pad[n, :, rows, cols] = share
    H, W = x.shape[2:]
    return dx_pad[:, :, pad : pad + H, pad : pad + W], dw, db
