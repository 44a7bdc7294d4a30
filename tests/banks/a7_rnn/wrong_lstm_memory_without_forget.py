"""The memory update adds g*i to c_{t-1} without the forget gate: c = c_prev + g*i."""

LOSES = ["q3"]


def _gates(a, H):
    return (1 / (1 + np.exp(-a[:, : 3 * H])), np.tanh(a[:, 3 * H :]))


def lstm_step_forward(x, s_prev, c_prev, U, W, b):
    H = s_prev.shape[1]
    ifo, g = _gates(x @ U + s_prev @ W + b, H)
    c = c_prev + g * ifo[:, :H]
    s = np.tanh(c) * ifo[:, 2 * H :]
    return s, c, None


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
