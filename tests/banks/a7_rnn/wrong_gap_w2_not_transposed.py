"""Steps the RNN's gradient back with W2 instead of its transpose."""

LOSES = ["q4"]


def rnn_gap_gradients(h, W2, dh_last):
    T = h.shape[1]
    norms, grad = [], dh_last
    for k in range(T):
        norms.append(np.linalg.norm(grad))
        t = T - 1 - k
        grad = (grad * (1 - h[:, t] ** 2)) @ W2
    return np.array(norms)
