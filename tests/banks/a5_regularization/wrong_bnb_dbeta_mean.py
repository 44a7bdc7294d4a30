"""Averages ∂ℓ/∂y over the batch for ∂ℓ/∂β and ∂ℓ/∂γ instead of summing."""

LOSES = ["q3"]

_reference_batchnorm_backward = batchnorm_backward  # noqa: F821 (defined by the reference)


def batchnorm_backward(dout, cache):
    dx, dgamma, dbeta = _reference_batchnorm_backward(dout, cache)
    m = dout.shape[0]
    return dx, dgamma / m, dbeta / m
