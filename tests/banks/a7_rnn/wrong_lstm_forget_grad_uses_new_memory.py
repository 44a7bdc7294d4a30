"""The forget gate's gradient multiplies by c_t instead of c_{t-1}, in both backward passes."""

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


def lstm_backward(ds, cache):
    x, s0, c0, U, W, gates, s, c = cache
    N, T, H = s.shape
    da = np.empty_like(gates)
    ds_carry = np.zeros((N, H), dtype=s.dtype)
    dc_carry = np.zeros((N, H), dtype=s.dtype)
    for t in range(T - 1, -1, -1):
        i, f, o, g = (gates[:, t, k * H : (k + 1) * H] for k in range(4))
        tc = np.tanh(c[:, t])
        ds_t = ds[:, t] + ds_carry
        dc_t = dc_carry + ds_t * o * (1 - tc * tc)
        da[:, t] = np.concatenate(
            [
                dc_t * g * i * (1 - i),
                dc_t * c[:, t] * f * (1 - f),
                ds_t * tc * o * (1 - o),
                dc_t * i * (1 - g * g),
            ],
            axis=1,
        )
        ds_carry = da[:, t] @ W.T
        dc_carry = dc_t * f
    s_prev = np.concatenate([s0[:, None], s[:, :-1]], axis=1)
    flat = da.reshape(N * T, 4 * H)
    return (
        (flat @ U.T).reshape(N, T, -1),
        ds_carry,
        dc_carry,
        x.reshape(N * T, -1).T @ flat,
        s_prev.reshape(N * T, H).T @ flat,
        flat.sum(axis=0),
    )
