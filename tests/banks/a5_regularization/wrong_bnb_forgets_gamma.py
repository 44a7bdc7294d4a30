"""dx backpropagates dout straight into x̂, forgetting the factor γ of y = γx̂ + β."""

LOSES = ["q3"]

_reference_batchnorm_backward = batchnorm_backward  # noqa: F821 (defined by the reference)


def batchnorm_backward(dout, cache):
    dx, _, _ = _reference_batchnorm_backward(dout, {**cache, "gamma": 1.0})
    return dx, (dout * cache["x_hat"]).sum(axis=0), dout.sum(axis=0)
