"""Backward forgets the shortcut: dx only has the gradient through F."""

LOSES = ["q4"]

_reference_residual_backward = residual_backward  # noqa: F821 (defined by the reference)


def residual_backward(dout, cache):
    dx, dw1, db1, dw2, db2 = _reference_residual_backward(dout, cache)
    return dx - dout, dw1, db1, dw2, db2
