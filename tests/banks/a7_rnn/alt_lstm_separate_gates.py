"""The LSTM cell with one product per gate and a sigmoid split by sign (exp of non-positive
values only); lstm_backward stacks the step caches, walks the steps for the state and memory
gradients only and takes the weight gradients in one product each."""

LOSES = []


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(z.dtype)


def lstm_step_forward(x, s_prev, c_prev, U, W, b):
    H = s_prev.shape[1]
    blocks = [slice(k * H, (k + 1) * H) for k in range(4)]
    pre = [x @ U[:, blk] + s_prev @ W[:, blk] + b[blk] for blk in blocks]
    i, f, o = (_sigmoid(a) for a in pre[:3])
    g = np.tanh(pre[3])
    c = f * c_prev + i * g
    tc = np.tanh(c)
    return o * tc, c, (x, s_prev, c_prev, U, W, i, f, o, g, tc)


def lstm_backward(ds, cache):
    x, s_prev, c_prev, i, f, o, g, tc = (
        np.stack([step[k] for step in cache], axis=1) for k in (0, 1, 2, 5, 6, 7, 8, 9)
    )
    U, W = cache[0][3], cache[0][4]
    N, T, H = ds.shape
    da = np.empty((N, T, 4 * H), dtype=ds.dtype)
    ds_carry = np.zeros((N, H), dtype=ds.dtype)
    dc_carry = np.zeros((N, H), dtype=ds.dtype)
    for t in reversed(range(T)):
        ds_t = ds[:, t] + ds_carry
        dc_t = dc_carry + ds_t * o[:, t] * (1 - tc[:, t] ** 2)
        da[:, t, :H] = dc_t * g[:, t] * i[:, t] * (1 - i[:, t])
        da[:, t, H : 2 * H] = dc_t * c_prev[:, t] * f[:, t] * (1 - f[:, t])
        da[:, t, 2 * H : 3 * H] = ds_t * tc[:, t] * o[:, t] * (1 - o[:, t])
        da[:, t, 3 * H :] = dc_t * i[:, t] * (1 - g[:, t] ** 2)
        ds_carry = da[:, t] @ W.T
        dc_carry = dc_t * f[:, t]
    flat = da.reshape(N * T, 4 * H)
    dU = x.reshape(N * T, -1).T @ flat
    dW = s_prev.reshape(N * T, H).T @ flat
    return (flat @ U.T).reshape(N, T, -1), ds_carry, dc_carry, dU, dW, flat.sum(axis=0)
