"""BPTT composed from the one-step backward pass (slower, correct): rnn_backward calls
rnn_step_backward at every step, rebuilding each step's documented cache from the sequence
cache."""

LOSES = []


def rnn_backward(dh, cache, truncate=None, per_step=False):
    x, h0, W1, W2, h = cache
    T = h.shape[1]
    carry = np.zeros_like(h0)
    dx, dW1, dW2, db = [None] * T, [None] * T, [None] * T, [None] * T
    for t in reversed(range(T)):
        prev = h0 if t == 0 else h[:, t - 1]
        dx[t], carry, dW1[t], dW2[t], db[t] = rnn_step_backward(
            dh[:, t] + carry, (x[:, t], prev, W1, W2, h[:, t])
        )
        if truncate is not None and t > 0 and t % truncate == 0:
            carry = np.zeros_like(carry)
    dx = np.stack(dx, axis=1)
    if per_step:
        return dx, carry, np.stack(dW1), np.stack(dW2), np.stack(db)
    return dx, carry, sum(dW1), sum(dW2), sum(db)
