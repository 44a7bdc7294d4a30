"""A sample submission: both convolutions right; max-pool backward finds the first maximum
of each window with argmax (vectorised) but unravels its index with the window height instead of the
width (right for square windows only), and average-pool backward upsamples dout with
np.repeat, which is right only when the stride equals the window."""

LOSES = ["q3", "q4"]


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


def avg_pool_backward(dout, cache):
    x_shape, dtype, pool_height, pool_width, stride = cache
    share = dout / (pool_height * pool_width)
    up = np.repeat(np.repeat(share, pool_height, axis=2), pool_width, axis=3)
    dx = np.zeros(x_shape, dtype=dtype)
    dx[:, :, : up.shape[2], : up.shape[3]] = up[:, :, : x_shape[2], : x_shape[3]]
    return dx
