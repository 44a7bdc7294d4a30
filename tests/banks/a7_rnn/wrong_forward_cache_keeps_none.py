"""rnn_forward keeps h0=None in its cache instead of the zero state it used."""

LOSES = ["q1", "q5"]  # q5's models then call the backward pass with h0 None

_reference_rnn_forward = rnn_forward


def rnn_forward(x, h0, W1, W2, b):
    h, cache = _reference_rnn_forward(x, h0, W1, W2, b)
    return h, (x, h0, W1, W2, h)
