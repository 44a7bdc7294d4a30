"""Copies the lecture's column form W_2 h_{t-1} as h_prev @ W2.T in the row layout."""

LOSES = ["q1", "q2", "q5"]


def rnn_step_forward(x, h_prev, W1, W2, b):
    h_next = np.tanh(x @ W1 + h_prev @ W2.T + b)
    return h_next, (x, h_prev, W1, W2, h_next)


def rnn_forward(x, h0, W1, W2, b):
    N, T, _ = x.shape
    h0 = np.zeros((N, W2.shape[0]), dtype=x.dtype) if h0 is None else h0
    states, prev = [], h0
    for t in range(T):
        prev, _ = rnn_step_forward(x[:, t], prev, W1, W2, b)
        states.append(prev)
    h = np.stack(states, axis=1)
    return h, (x, h0, W1, W2, h)
