"""The hidden state lets the memory through the output gate without its tanh: s = c*o."""

LOSES = ["q3"]


def lstm_step_forward(x, s_prev, c_prev, U, W, b):
    H = s_prev.shape[1]
    a = x @ U + s_prev @ W + b
    ifo = 1 / (1 + np.exp(-a[:, : 3 * H]))
    g = np.tanh(a[:, 3 * H :])
    c = c_prev * ifo[:, H : 2 * H] + g * ifo[:, :H]
    return c * ifo[:, 2 * H :], c, None


def lstm_forward(x, s0, c0, U, W, b):
    N, T, _ = x.shape
    H = W.shape[0]
    s_prev = np.zeros((N, H), dtype=x.dtype) if s0 is None else s0
    c_prev = np.zeros((N, H), dtype=x.dtype) if c0 is None else c0
    states, cells = [], []
    for t in range(T):
        s_prev, c_prev, _ = lstm_step_forward(x[:, t], s_prev, c_prev, U, W, b)
        states.append(s_prev)
        cells.append(c_prev)
    return np.stack(states, 1), np.stack(cells, 1), None
