"""Returns float64 weights for float32 ones (np.float64 learning rate times the gradient)."""

LOSES = ["q4"]
MODULE = "mlp"


def sgd_update(w, dw, state=None, lr=1e-2):
    return w - np.float64(lr) * dw.astype(np.float64), state
