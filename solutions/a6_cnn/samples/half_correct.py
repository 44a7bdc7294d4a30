"""A sample submission: both convolutions right; max-pool backward finds the first maximum
of each window with argmax but unravels its index with the window height instead of the
width (right for square windows only), and average-pool backward upsamples dout with
np.repeat, which is right only when the stride equals the window."""

LOSES = ["q3", "q4"]


def max_pool_backward(dout, cache):
    x, out, pool_height, pool_width, stride = cache
    N, C, H_out, W_out = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    r0, c0 = i * stride, j * stride
                    window = x[n, c, r0 : r0 + pool_height, c0 : c0 + pool_width]
                    k = np.argmax(window)  # first maximum in row-major order
                    p, q = k // pool_height, k % pool_height
                    dx[n, c, r0 + p, c0 + q] += dout[n, c, i, j]
    return dx


def avg_pool_backward(dout, cache):
    x_shape, dtype, pool_height, pool_width, stride = cache
    share = dout / (pool_height * pool_width)
    up = np.repeat(np.repeat(share, pool_height, axis=2), pool_width, axis=3)
    dx = np.zeros(x_shape, dtype=dtype)
    dx[:, :, : up.shape[2], : up.shape[3]] = up[:, :, : x_shape[2], : x_shape[3]]
    return dx
