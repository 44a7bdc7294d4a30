"""BPTT forgets the gradient that flows back from step t+1: every step sees only dh[:, t]."""

LOSES = ["q2", "q5"]  # q5's models train with these gradients


def rnn_backward(dh, cache, truncate=None):
    x, h0, W1, W2, h = cache
    N, T, H = h.shape
    da = dh * (1 - h * h)
    h_prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)
    dW1 = x.reshape(N * T, -1).T @ da.reshape(N * T, H)
    dW2 = h_prev.reshape(N * T, H).T @ da.reshape(N * T, H)
    return da @ W1.T, da[:, 0] @ W2.T, dW1, dW2, da.sum(axis=(0, 1))
