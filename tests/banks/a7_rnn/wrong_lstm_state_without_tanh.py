"""The hidden state lets the memory through the output gate without its tanh: s = c*o (the
backward pass is the right one for the lecture's cell)."""

LOSES = ["q3"]


def lstm_step_forward(x, s_prev, c_prev, U, W, b):
    H = s_prev.shape[1]
    a = x @ U + s_prev @ W + b
    i, f, o = (sigmoid(a[:, k * H : (k + 1) * H]) for k in range(3))
    g = np.tanh(a[:, 3 * H :])
    c = c_prev * f + g * i
    return c * o, c, (x, s_prev, c_prev, U, W, i, f, o, g, np.tanh(c))
