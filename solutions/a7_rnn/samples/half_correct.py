"""A sample submission: the RNN, BPTT and the gap gradients are right; the LSTM reads its gate
blocks in torch.nn.LSTM's order (i, f, g, o) instead of the lecture's (i, f, o, g), and the
softmax loss exponentiates the raw scores (it overflows for large ones)."""

LOSES = ["q3", "q5"]


def lstm_step_forward(x, s_prev, c_prev, U, W, b):
    H = s_prev.shape[1]
    a = x @ U + s_prev @ W + b
    i = 1 / (1 + np.exp(-a[:, :H]))
    f = 1 / (1 + np.exp(-a[:, H : 2 * H]))
    g = np.tanh(a[:, 2 * H : 3 * H])
    o = 1 / (1 + np.exp(-a[:, 3 * H :]))
    c = c_prev * f + g * i
    tc = np.tanh(c)
    return tc * o, c, (x, s_prev, c_prev, U, W, i, f, o, g, tc)


def lstm_step_backward(ds, dc, cache):
    x, s_prev, c_prev, U, W, i, f, o, g, tc = cache
    dc_total = dc + ds * o * (1 - tc * tc)
    da = np.concatenate(
        [
            dc_total * g * i * (1 - i),
            dc_total * c_prev * f * (1 - f),
            dc_total * i * (1 - g * g),
            ds * tc * o * (1 - o),
        ],
        axis=1,
    )
    return da @ U.T, da @ W.T, dc_total * f, x.T @ da, s_prev.T @ da, da.sum(axis=0)


def lstm_forward(x, s0, c0, U, W, b):
    N, T, _ = x.shape
    H = W.shape[0]
    s_prev = np.zeros((N, H), dtype=x.dtype) if s0 is None else s0
    c_prev = np.zeros((N, H), dtype=x.dtype) if c0 is None else c0
    s, c, caches = [], [], []
    for t in range(T):
        s_prev, c_prev, step_cache = lstm_step_forward(x[:, t], s_prev, c_prev, U, W, b)
        s.append(s_prev)
        c.append(c_prev)
        caches.append(step_cache)
    return np.stack(s, axis=1), np.stack(c, axis=1), caches


def lstm_backward(ds, caches):
    N, T, H = ds.shape
    ds_next = np.zeros((N, H), dtype=ds.dtype)
    dc_next = np.zeros((N, H), dtype=ds.dtype)
    dxs, dU, dW, db = [], 0, 0, 0
    for t in reversed(range(T)):
        dx, ds_next, dc_next, dU_t, dW_t, db_t = lstm_step_backward(
            ds[:, t] + ds_next, dc_next, caches[t]
        )
        dxs.append(dx)
        dU, dW, db = dU + dU_t, dW + dW_t, db + db_t
    return np.stack(dxs[::-1], axis=1), ds_next, dc_next, dU, dW, db


def temporal_softmax_loss(scores, y):
    N, T, M = scores.shape
    p = np.exp(scores)
    p /= p.sum(axis=2, keepdims=True)
    n, t = np.indices((N, T))
    loss = -np.log(p[n, t, y]).mean()
    dscores = p.copy()
    dscores[n, t, y] -= 1
    return float(loss), dscores / (N * T)
