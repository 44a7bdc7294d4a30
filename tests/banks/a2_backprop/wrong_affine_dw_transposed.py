"""Returns dout.T @ x, the transpose of dw (shape (M, D) instead of (D, M))."""

LOSES = ["q3"]  # q4 trains the course's network with the submitted sgd_update
MODULE = "mlp"


def affine_backward(dout, cache):
    x, w = cache
    return dout @ w.T, dout.T @ x, dout.sum(axis=0)
