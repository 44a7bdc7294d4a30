"""Right values, but float32 inputs give float64 gradients: the backward converts the cache
and dout to float64 "for accuracy" and never converts back."""

LOSES = ["q3"]
MODULE = "mlp"


def affine_backward(dout, cache):
    x, w = (a.astype(np.float64) for a in cache)
    dout = dout.astype(np.float64)
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)
