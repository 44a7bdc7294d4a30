"""The backward pass steps windows by the stride along H but by 1 along W."""

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
                    cols = slice(j, j + WW)
                    g = dout[n, f, i, j]
                    dx_pad[n, :, rows, cols] += g * w[f]
                    dw[f] += g * x_pad[n, :, rows, cols]
                    db[f] += g
    H, W = x.shape[2:]
    return dx_pad[:, :, pad : pad + H, pad : pad + W], dw, db
