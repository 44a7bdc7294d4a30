"""Off by one: h[:, t] holds the state before step t (h0 first), not after it."""

LOSES = ["q1", "q2", "q5"]

_reference_rnn_forward = rnn_forward


def rnn_forward(x, h0, W1, W2, b):
    h, (x, h0, W1, W2, after) = _reference_rnn_forward(x, h0, W1, W2, b)
    before = np.concatenate([h0[:, None], after[:, :-1]], axis=1)
    return before, (x, h0, W1, W2, before)
