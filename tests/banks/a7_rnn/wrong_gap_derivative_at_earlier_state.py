"""Takes the tanh derivative at the earlier state h_{t-1} instead of h_t."""

LOSES = ["q4"]


def rnn_gap_gradients(h, W2, dh_last):
    T = h.shape[1]
    norms, grad = [], dh_last
    for k in range(T):
        norms.append(np.linalg.norm(grad))
        t = T - 1 - k
        grad = (grad * (1 - h[:, max(t - 1, 0)] ** 2)) @ W2.T
    return np.array(norms)
