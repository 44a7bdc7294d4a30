"""Backward pass looping over the filter's offsets (p, q) instead of the output pixels: each
step is a product of a strided slice of x_pad with one column of filter weights, for all
pixels at once."""

LOSES = []

import numpy as np


def conv_backward_naive(dout, cache):
    x, w, b, stride, pad = cache
    HH, WW = w.shape[2:]
    H_out, W_out = dout.shape[2:]
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros_like(w)
    for p in range(HH):
        for q in range(WW):
            rows = slice(p, p + stride * (H_out - 1) + 1, stride)
            cols = slice(q, q + stride * (W_out - 1) + 1, stride)
            dx_pad[:, :, rows, cols] += np.einsum("nfhw,fc->nchw", dout, w[:, :, p, q])
            dw[:, :, p, q] = np.einsum("nfhw,nchw->fc", dout, x_pad[:, :, rows, cols])
    H, W = x.shape[2:]
    return dx_pad[:, :, pad : pad + H, pad : pad + W], dw, dout.sum(axis=(0, 2, 3))
