"""rnn_step_forward leaves out the bias b (rnn_forward is right)."""

LOSES = ["q1", "q2"]  # q2: its public step case runs this forward and checks db against it


def rnn_step_forward(x, h_prev, W1, W2, b):
    h_next = np.tanh(x @ W1 + h_prev @ W2)
    return h_next, (x, h_prev, W1, W2, h_next)
