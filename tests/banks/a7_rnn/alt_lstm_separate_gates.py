"""The LSTM with one product per gate and a sigmoid split by sign (exp of non-positive values
only); the sequence backward chains lstm_step_backward over rebuilt step caches."""

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


def lstm_forward(x, s0, c0, U, W, b):
    N, T, _ = x.shape
    H = W.shape[0]
    s0 = np.zeros((N, H), dtype=x.dtype) if s0 is None else s0
    c0 = np.zeros((N, H), dtype=x.dtype) if c0 is None else c0
    s, c, caches = [], [], []
    s_prev, c_prev = s0, c0
    for t in range(T):
        s_prev, c_prev, step_cache = lstm_step_forward(x[:, t], s_prev, c_prev, U, W, b)
        s.append(s_prev)
        c.append(c_prev)
        caches.append(step_cache)
    return np.stack(s, 1), np.stack(c, 1), caches


def lstm_backward(ds, caches):
    T = ds.shape[1]
    ds_carry = np.zeros_like(ds[:, 0])
    dc_carry = np.zeros_like(ds[:, 0])
    dx, dU, dW, db = [None] * T, 0, 0, 0
    for t in reversed(range(T)):
        dx[t], ds_carry, dc_carry, dU_t, dW_t, db_t = lstm_step_backward(
            ds[:, t] + ds_carry, dc_carry, caches[t]
        )
        dU, dW, db = dU + dU_t, dW + dW_t, db + db_t
    return np.stack(dx, 1), ds_carry, dc_carry, dU, dW, db
