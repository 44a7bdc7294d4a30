"""Step t's tanh derivative is taken at h_{t-1} instead of at h_t."""

LOSES = ["q2", "q5"]


def rnn_backward(dh, cache, truncate=None):
    x, h0, W1, W2, h = cache
    N, T, H = h.shape
    h_prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)
    da = np.empty_like(h)
    carry = np.zeros((N, H), dtype=h.dtype)
    for t in range(T - 1, -1, -1):
        da[:, t] = (dh[:, t] + carry) * (1 - h_prev[:, t] ** 2)
        carry = da[:, t] @ W2.T
        if truncate is not None and t > 0 and t % truncate == 0:
            carry = np.zeros_like(carry)
    dW1 = x.reshape(N * T, -1).T @ da.reshape(N * T, H)
    dW2 = h_prev.reshape(N * T, H).T @ da.reshape(N * T, H)
    return da @ W1.T, carry, dW1, dW2, da.sum(axis=(0, 1))
