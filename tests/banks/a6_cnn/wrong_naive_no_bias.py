"""The forward pass forgets the bias b[f]."""

LOSES = ["q1"]

_reference_conv_forward_naive = conv_forward_naive  # noqa: F821


def conv_forward_naive(x, w, b, stride=1, pad=0):
    return _reference_conv_forward_naive(x, w, 0 * b, stride, pad)
