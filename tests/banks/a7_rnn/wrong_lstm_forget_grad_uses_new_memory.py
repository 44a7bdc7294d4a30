"""The forget gate's gradient multiplies by c_t instead of c_{t-1}."""

LOSES = ["q3"]


def lstm_step_backward(ds, dc, cache):
    x, s_prev, c_prev, U, W, i, f, o, g, tc = cache
    c = c_prev * f + g * i
    dc_total = dc + ds * o * (1 - tc * tc)
    da = np.concatenate(
        [
            dc_total * g * i * (1 - i),
            dc_total * c * f * (1 - f),
            ds * tc * o * (1 - o),
            dc_total * i * (1 - g * g),
        ],
        axis=1,
    )
    return da @ U.T, da @ W.T, dc_total * f, x.T @ da, s_prev.T @ da, da.sum(axis=0)
