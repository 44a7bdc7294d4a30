"""db averages dout over the batch and the positions instead of summing it."""

LOSES = ["q1"]

_reference_conv_backward_naive = conv_backward_naive  # noqa: F821


def conv_backward_naive(dout, cache):
    dx, dw, _ = _reference_conv_backward_naive(dout, cache)
    return dx, dw, dout.mean(axis=(0, 2, 3))
