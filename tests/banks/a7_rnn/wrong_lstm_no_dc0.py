"""lstm_backward returns zeros for dc0: the initial memory is treated as a constant."""

LOSES = ["q3"]

_reference_lstm_backward = lstm_backward


def lstm_backward(ds, cache):
    dx, ds0, dc0, dU, dW, db = _reference_lstm_backward(ds, cache)
    return dx, ds0, np.zeros_like(dc0), dU, dW, db
