"""Returns the norms in time order (entry t is step t) instead of by gap (entry k is k steps
back from the loss)."""

LOSES = ["q4"]

_reference_rnn_gap_gradients = rnn_gap_gradients
_reference_lstm_gap_gradients = lstm_gap_gradients


def rnn_gap_gradients(h, W2, dh_last):
    return _reference_rnn_gap_gradients(h, W2, dh_last)[::-1]


def lstm_gap_gradients(f, dc_last):
    return _reference_lstm_gap_gradients(f, dc_last)[::-1]
