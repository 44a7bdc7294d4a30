"""Returns a zero ∂ℓ/∂γ: the scale γ would never learn."""

LOSES = ["q3"]

import numpy as np  # noqa: E402 (LOSES comes first by convention)

_reference_batchnorm_backward = batchnorm_backward  # noqa: F821 (defined by the reference)


def batchnorm_backward(dout, cache):
    dx, dgamma, dbeta = _reference_batchnorm_backward(dout, cache)
    return dx, np.zeros_like(dgamma), dbeta
