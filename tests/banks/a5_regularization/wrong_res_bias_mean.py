"""Bias gradients averaged over the batch instead of summed."""

LOSES = ["q4"]

_reference_residual_backward = residual_backward  # noqa: F821 (defined by the reference)


def residual_backward(dout, cache):
    dx, dw1, db1, dw2, db2 = _reference_residual_backward(dout, cache)
    n = dout.shape[0]
    return dx, dw1, db1 / n, dw2, db2 / n
