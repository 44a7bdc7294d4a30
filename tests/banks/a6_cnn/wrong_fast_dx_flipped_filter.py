"""dx uses the spatially flipped filters (a half-remembered "backward of a convolution is a
convolution with the flipped kernel", applied twice)."""

LOSES = ["q2"]

import numpy as np


def conv_backward_fast(dout, cache):
    x_shape, cols, w, stride, pad = cache
    F, _, HH, WW = w.shape
    dout2 = dout.transpose(1, 2, 3, 0).reshape(F, -1)
    dw = (dout2 @ cols.T).reshape(w.shape)
    w_flipped = np.ascontiguousarray(w[:, :, ::-1, ::-1])
    dx = col2im(w_flipped.reshape(F, -1).T @ dout2, x_shape, HH, WW, stride, pad)  # noqa: F821
    return dx, dw, dout2.sum(axis=1)
