"""A sample submission: the fast convolution right; the loop backward drops the padding with
dx_pad[:, :, pad:-pad, pad:-pad], which is empty when pad = 0; max-pool backward finds the
first maximum of each window with argmax (vectorised) but unravels its index with the
window height instead of the width (right for square windows only)."""

LOSES = ["q1", "q3"]


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


def max_pool_backward(dout, cache):
    x, out, pool_height, pool_width, stride = cache
    N, C, H_out, W_out = dout.shape
    windows = np.lib.stride_tricks.sliding_window_view(x, (pool_height, pool_width), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride][:, :, :H_out, :W_out]
    k = windows.reshape(N, C, H_out, W_out, -1).argmax(axis=-1)  # first maximum, row-major
    p, q = k // pool_height, k % pool_height
    n, c, i, j = np.indices((N, C, H_out, W_out))
    dx = np.zeros_like(x)
    np.add.at(dx, (n, c, i * stride + p, j * stride + q), dout)
    return dx
