"""Gradient buffers made with np.zeros(shape) (float64 by default): float32 inputs get
float64 gradients."""

LOSES = ["q1"]

import numpy as np


def conv_backward_naive(dout, cache):
    x, w, b, stride, pad = cache
    N, F, H_out, W_out = dout.shape
    _, _, HH, WW = w.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dx_pad = np.zeros(x_pad.shape)
    dw = np.zeros(w.shape)
    db = np.zeros(b.shape)
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    rows = slice(i * stride, i * stride + HH)
                    cols = slice(j * stride, j * stride + WW)
                    dx_pad[n, :, rows, cols] += dout[n, f, i, j] * w[f]
                    dw[f] += dout[n, f, i, j] * x_pad[n, :, rows, cols]
                    db[f] += dout[n, f, i, j]
    H, W = x.shape[2:]
    return dx_pad[:, :, pad : pad + H, pad : pad + W], dw, db
