"""Backward pass looping over output pixels only; each pixel of all images and filters at
once (tensordot)."""

LOSES = []

import numpy as np


def conv_backward_naive(dout, cache):
    x, w, b, stride, pad = cache
    HH, WW = w.shape[2:]
    H_out, W_out = dout.shape[2:]
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros_like(w)
    for i in range(H_out):
        for j in range(W_out):
            rows = slice(i * stride, i * stride + HH)
            cols = slice(j * stride, j * stride + WW)
            g = dout[:, :, i, j]  # (N, F)
            dx_pad[:, :, rows, cols] += np.tensordot(g, w, axes=(1, 0))
            dw += np.tensordot(g, x_pad[:, :, rows, cols], axes=(0, 0))
    H, W = x.shape[2:]
    return dx_pad[:, :, pad : pad + H, pad : pad + W], dw, dout.sum(axis=(0, 2, 3))
