"""dw2 uses the pre-activation z1 instead of relu(z1)."""

LOSES = ["q4"]

_reference_residual_backward = residual_backward  # noqa: F821 (defined by the reference)


def residual_backward(dout, cache):
    dx, dw1, db1, _, db2 = _reference_residual_backward(dout, cache)
    return dx, dw1, db1, cache["z1"].T @ dout, db2
