"""lstm_backward drops the gradient that c_t receives from step t+1 (dc_carry is never used)."""

LOSES = ["q3"]


def lstm_backward(ds, cache):
    x, s0, c0, U, W, gates, s, c = cache
    N, T, H = s.shape
    da = np.empty_like(gates)
    ds_carry = np.zeros((N, H), dtype=s.dtype)
    dc_prev = np.zeros((N, H), dtype=s.dtype)
    for t in range(T - 1, -1, -1):
        i, f, o, g = (gates[:, t, k * H : (k + 1) * H] for k in range(4))
        c_prev = c[:, t - 1] if t > 0 else c0
        tc = np.tanh(c[:, t])
        ds_t = ds[:, t] + ds_carry
        dc_t = ds_t * o * (1 - tc * tc)
        da[:, t] = np.concatenate(
            [
                dc_t * g * i * (1 - i),
                dc_t * c_prev * f * (1 - f),
                ds_t * tc * o * (1 - o),
                dc_t * i * (1 - g * g),
            ],
            axis=1,
        )
        ds_carry = da[:, t] @ W.T
        dc_prev = dc_t * f
    s_prev = np.concatenate([s0[:, None], s[:, :-1]], axis=1)
    flat = da.reshape(N * T, 4 * H)
    return (
        (flat @ U.T).reshape(N, T, -1),
        ds_carry,
        dc_prev,
        x.reshape(N * T, -1).T @ flat,
        s_prev.reshape(N * T, H).T @ flat,
        flat.sum(axis=0),
    )
