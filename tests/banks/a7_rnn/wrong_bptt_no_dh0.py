"""rnn_backward returns zeros for dh0 (the initial state "is not a parameter")."""

LOSES = ["q2"]

_reference_rnn_backward = rnn_backward


def rnn_backward(dh, cache, truncate=None):
    dx, dh0, dW1, dW2, db = _reference_rnn_backward(dh, cache, truncate)
    return dx, np.zeros_like(dh0), dW1, dW2, db
