"""True convolution: the filter is flipped (the lecture and torch use cross-correlation).

The lecture's symmetric kernel hides the bug; any other filter shows it.
"""

LOSES = ["q1"]

_reference_conv_forward_naive = conv_forward_naive  # noqa: F821
_reference_conv_backward_naive = conv_backward_naive  # noqa: F821


def conv_forward_naive(x, w, b, stride=1, pad=0):
    out, (x, _, b, stride, pad) = _reference_conv_forward_naive(
        x, w[:, :, ::-1, ::-1], b, stride, pad
    )
    return out, (x, w, b, stride, pad)


def conv_backward_naive(dout, cache):
    x, w, b, stride, pad = cache
    dx, dw, db = _reference_conv_backward_naive(dout, (x, w[:, :, ::-1, ::-1], b, stride, pad))
    return dx, dw[:, :, ::-1, ::-1], db
