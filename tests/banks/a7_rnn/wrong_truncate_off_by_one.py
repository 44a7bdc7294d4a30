"""Truncated BPTT cuts one step late: gradient still crosses into the last step of the previous
chunk and is cut one step further back."""

LOSES = ["q2"]

_reference_rnn_backward = rnn_backward


def rnn_backward(dh, cache, truncate=None):
    if truncate is None:
        return _reference_rnn_backward(dh, cache)
    x, h0, W1, W2, h = cache
    N, T, H = h.shape
    da = np.empty_like(h)
    carry = np.zeros((N, H), dtype=h.dtype)
    for t in range(T - 1, -1, -1):
        da[:, t] = (dh[:, t] + carry) * (1 - h[:, t] ** 2)
        carry = da[:, t] @ W2.T
        if t > 0 and (t - 1) % truncate == 0 and t - 1 > 0:
            carry = np.zeros_like(carry)
    h_prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)
    dW1 = x.reshape(N * T, -1).T @ da.reshape(N * T, H)
    dW2 = h_prev.reshape(N * T, H).T @ da.reshape(N * T, H)
    return da @ W1.T, carry, dW1, dW2, da.sum(axis=(0, 1))
