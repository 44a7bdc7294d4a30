"""Max pooling by reshaping into non-overlapping blocks: ignores the stride (right only when
stride equals the window) and silently crops."""

LOSES = ["q3"]

import numpy as np


def max_pool_forward(x, pool_height=2, pool_width=2, stride=2):
    N, C, H, W = x.shape
    Hb, Wb = H // pool_height, W // pool_width
    blocks = x[:, :, : Hb * pool_height, : Wb * pool_width].reshape(
        N, C, Hb, pool_height, Wb, pool_width
    )
    out = blocks.max(axis=(3, 5))
    return out, (x, out, pool_height, pool_width, stride)


def max_pool_backward(dout, cache):
    x, out, pool_height, pool_width, stride = cache
    N, C, Hb, Wb = out.shape
    dx = np.zeros_like(x)
    for i in range(Hb):
        for j in range(Wb):
            rows = slice(i * pool_height, (i + 1) * pool_height)
            cols = slice(j * pool_width, (j + 1) * pool_width)
            win = x[:, :, rows, cols].reshape(N, C, -1)
            k = win.argmax(axis=2)
            g = np.zeros_like(win)
            np.put_along_axis(g, k[..., None], dout[:, :, i : i + 1, j].reshape(N, C, 1), axis=2)
            dx[:, :, rows, cols] += g.reshape(N, C, pool_height, pool_width)
    return dx
