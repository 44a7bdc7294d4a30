"""dx computed without col2im, as a convolution of the stride-dilated, padded dout with the
flipped, channel-swapped filters (the transposed convolution), reusing im2col."""

LOSES = []

import numpy as np


def conv_backward_fast(dout, cache):
    x_shape, cols, w, stride, pad = cache
    N, C, H, W = x_shape
    F, _, HH, WW = w.shape
    H_out, W_out = dout.shape[2:]
    dout2 = dout.transpose(1, 2, 3, 0).reshape(F, -1)
    dw = (dout2 @ cols.T).reshape(w.shape)
    # Spread dout onto the stride grid of the padded input, with HH-1 / WW-1 zeros around it,
    # so that a stride-1 correlation with the flipped filters gives d x_pad.
    Hp, Wp = H + 2 * pad, W + 2 * pad
    grid = np.zeros((N, F, Hp + HH - 1, Wp + WW - 1), dtype=dout.dtype)
    grid[
        :,
        :,
        HH - 1 : HH - 1 + stride * (H_out - 1) + 1 : stride,
        WW - 1 : WW - 1 + stride * (W_out - 1) + 1 : stride,
    ] = dout
    w_t = np.ascontiguousarray(w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))  # (C, F, HH, WW)
    dx_pad = w_t.reshape(C, -1) @ im2col(grid, HH, WW, 1, 0)  # noqa: F821
    dx_pad = dx_pad.reshape(C, Hp, Wp, N).transpose(3, 0, 1, 2)
    dx = np.ascontiguousarray(dx_pad[:, :, pad : pad + H, pad : pad + W])
    return dx, dw, dout.sum(axis=(0, 2, 3))
