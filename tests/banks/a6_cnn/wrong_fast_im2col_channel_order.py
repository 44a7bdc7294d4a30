"""im2col orders the rows (p, q, c) instead of (c, p, q): rows no longer match w.reshape(F, -1).

Invisible with one input channel, as in the lecture's examples.
"""

LOSES = ["q2"]

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def im2col(x, HH, WW, stride=1, pad=0):
    N, C, H, W = x.shape
    H_out = 1 + (H + 2 * pad - HH) // stride
    W_out = 1 + (W + 2 * pad - WW) // stride
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))).transpose(1, 2, 3, 0)
    windows = sliding_window_view(x_pad, (HH, WW), axis=(1, 2))[:, ::stride, ::stride][
        :, :H_out, :W_out
    ]
    return windows.transpose(4, 5, 0, 1, 2, 3).reshape(C * HH * WW, H_out * W_out * N)
