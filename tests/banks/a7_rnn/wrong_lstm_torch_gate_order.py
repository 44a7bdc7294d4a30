"""Reads the gate blocks in torch.nn.LSTM's order i, f, g, o instead of the lecture's i, f, o, g
(the cell forward and backward consistently; the sequence functions chain the cell)."""

LOSES = ["q3"]

_reference_lstm_step_forward = lstm_step_forward
_reference_lstm_step_backward = lstm_step_backward


def _swap(a):
    # Swapping the last two blocks of the columns turns i, f, g, o into i, f, o, g.
    H = a.shape[-1] // 4
    return np.concatenate([a[..., : 2 * H], a[..., 3 * H :], a[..., 2 * H : 3 * H]], axis=-1)


def lstm_step_forward(x, s_prev, c_prev, U, W, b):
    return _reference_lstm_step_forward(x, s_prev, c_prev, _swap(U), _swap(W), _swap(b))


def lstm_step_backward(ds, dc, cache):
    dx, ds_prev, dc_prev, dU, dW, db = _reference_lstm_step_backward(ds, dc, cache)
    return dx, ds_prev, dc_prev, _swap(dU), _swap(dW), _swap(db)
