"""rnn_forward always starts from a zero state, whatever h0 is given."""

LOSES = ["q1", "q2"]  # q2: its public chain case runs this forward with an h0

_reference_rnn_forward = rnn_forward


def rnn_forward(x, h0, W1, W2, b):
    return _reference_rnn_forward(x, None, W1, W2, b)
