"""On the memory path, multiplies by the forget gate of the earlier step (f_{t-1}) instead of the
step the gradient comes from (f_t)."""

LOSES = ["q4"]


def lstm_gap_gradients(f, dc_last):
    T = f.shape[1]
    norms, grad = [], dc_last
    for k in range(T):
        norms.append(np.linalg.norm(grad))
        grad = grad * f[:, max(T - 2 - k, 0)]
    return np.array(norms)
