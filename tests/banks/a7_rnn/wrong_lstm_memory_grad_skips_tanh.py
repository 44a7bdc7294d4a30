"""The memory's gradient takes the state's gradient through the output gate but not through
the tanh: dc_t = dc + ds*o, without the derivative of tanh(c_t)."""

LOSES = ["q3"]


def lstm_step_backward(ds, dc, cache):
    x, s_prev, c_prev, U, W, i, f, o, g, tc = cache
    dc_total = dc + ds * o
    da = np.concatenate(
        [
            dc_total * g * i * (1 - i),
            dc_total * c_prev * f * (1 - f),
            ds * tc * o * (1 - o),
            dc_total * i * (1 - g * g),
        ],
        axis=1,
    )
    return da @ U.T, da @ W.T, dc_total * f, x.T @ da, s_prev.T @ da, da.sum(axis=0)
