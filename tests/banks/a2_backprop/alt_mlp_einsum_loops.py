"""An einsum affine backward, a per-example loop for db, and an SGD step that updates the
parameter in place keeping its dtype explicitly."""

LOSES = []
MODULE = "mlp"


def affine_backward(dout, cache):
    x, w = cache
    db = np.zeros(dout.shape[1], dtype=dout.dtype)
    for row in dout:
        db += row
    return np.einsum("nm,dm->nd", dout, w), np.einsum("nd,nm->dm", x, dout), db


def sgd_update(w, dw, state=None, lr=1e-2):
    np.subtract(w, lr * dw, out=w, casting="same_kind")
    return w, state
