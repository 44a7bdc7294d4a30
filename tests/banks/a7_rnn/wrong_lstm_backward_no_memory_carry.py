"""lstm_backward drops the gradient that c_t receives from step t+1: every step gets dc = 0."""

LOSES = ["q3"]


def lstm_backward(ds, cache):
    N, T, H = ds.shape
    ds_next = np.zeros((N, H), dtype=ds.dtype)
    no_memory_gradient = np.zeros((N, H), dtype=ds.dtype)
    dx, dU, dW, db = [None] * T, 0, 0, 0
    for t in reversed(range(T)):
        dx[t], ds_next, dc_prev, dU_t, dW_t, db_t = lstm_step_backward(
            ds[:, t] + ds_next, no_memory_gradient, cache[t]
        )
        dU, dW, db = dU + dU_t, dW + dW_t, db + db_t
    return np.stack(dx, axis=1), ds_next, dc_prev, dU, dW, db
