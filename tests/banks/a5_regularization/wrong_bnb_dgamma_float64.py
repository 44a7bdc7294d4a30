"""dgamma is summed in float64 and returned so: float32 layers get a float64 dgamma
(dx and dbeta keep float32)."""

LOSES = ["q3"]

import numpy as np

_reference_batchnorm_backward = batchnorm_backward  # noqa: F821


def batchnorm_backward(dout, cache):
    dx, _, dbeta = _reference_batchnorm_backward(dout, cache)
    dgamma = np.sum(dout * cache["x_hat"], axis=0, dtype=np.float64)
    return dx, dgamma, dbeta
