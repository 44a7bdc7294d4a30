"""The LSTM cell with one product per gate, forward and backward, and a sigmoid split by sign
(exp of non-positive values only); the backward pass sums the four gates' shares of dx and
ds_prev and puts the weight gradients together block by block."""

LOSES = []


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(z.dtype)


def _blocks(H):
    return [slice(k * H, (k + 1) * H) for k in range(4)]


def lstm_step_forward(x, s_prev, c_prev, U, W, b):
    pre = [x @ U[:, blk] + s_prev @ W[:, blk] + b[blk] for blk in _blocks(s_prev.shape[1])]
    i, f, o = (_sigmoid(a) for a in pre[:3])
    g = np.tanh(pre[3])
    c = f * c_prev + i * g
    tc = np.tanh(c)
    return o * tc, c, (x, s_prev, c_prev, U, W, i, f, o, g, tc)


def lstm_step_backward(ds, dc, cache):
    x, s_prev, c_prev, U, W, i, f, o, g, tc = cache
    dc_t = dc + ds * o * (1 - tc**2)
    gates = [
        dc_t * g * i * (1 - i),
        dc_t * c_prev * f * (1 - f),
        ds * tc * o * (1 - o),
        dc_t * i * (1 - g**2),
    ]
    blocks = _blocks(s_prev.shape[1])
    dx = sum(d @ U[:, blk].T for d, blk in zip(gates, blocks))
    ds_prev = sum(d @ W[:, blk].T for d, blk in zip(gates, blocks))
    dU = np.concatenate([x.T @ d for d in gates], axis=1)
    dW = np.concatenate([s_prev.T @ d for d in gates], axis=1)
    db = np.concatenate([d.sum(axis=0) for d in gates])
    return dx, ds_prev, dc_t * f, dU, dW, db
