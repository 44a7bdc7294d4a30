"""The hidden state uses the sigmoid (the lecture's σ of the output) instead of tanh."""

LOSES = ["q1", "q2", "q5"]


def rnn_step_forward(x, h_prev, W1, W2, b):
    h_next = 1 / (1 + np.exp(-(x @ W1 + h_prev @ W2 + b)))
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
