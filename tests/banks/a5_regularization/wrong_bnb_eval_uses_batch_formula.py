"""Eval mode backpropagates as if the statistics came from the batch."""

LOSES = ["q3"]

_reference_batchnorm_backward = batchnorm_backward  # noqa: F821 (defined by the reference)


def batchnorm_backward(dout, cache):
    return _reference_batchnorm_backward(dout, {**cache, "mode": "train"})
