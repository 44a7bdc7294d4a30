"""Averages the norms of the N sequences instead of taking one norm over the whole batch."""

LOSES = ["q4"]


def rnn_gap_gradients(h, W2, dh_last):
    T = h.shape[1]
    norms, grad = [], dh_last
    for k in range(T):
        norms.append(np.linalg.norm(grad, axis=1).mean())
        t = T - 1 - k
        grad = (grad * (1 - h[:, t] ** 2)) @ W2.T
    return np.array(norms)
