"""BPTT composed from the one-step backward pass (slower, correct): rnn_backward calls
rnn_step_backward at every step, rebuilding each step's documented cache from the sequence
cache."""

LOSES = []


def rnn_backward(dh, cache, truncate=None):
    x, h0, W1, W2, h = cache
    T = h.shape[1]
    carry = np.zeros_like(h0)
    dx, dW1, dW2, db = [None] * T, 0, 0, 0
    for t in reversed(range(T)):
        prev = h0 if t == 0 else h[:, t - 1]
        dx[t], carry, dW1_t, dW2_t, db_t = rnn_step_backward(
            dh[:, t] + carry, (x[:, t], prev, W1, W2, h[:, t])
        )
        dW1, dW2, db = dW1 + dW1_t, dW2 + dW2_t, db + db_t
        if truncate is not None and t > 0 and t % truncate == 0:
            carry = np.zeros_like(carry)
    return np.stack(dx, axis=1), carry, dW1, dW2, db
