"""The backward pass sends dout back through the flipped filter and flips dw (the gradient
of a true convolution; the lecture and torch use cross-correlation, as the given forward
does). The lecture's symmetric kernel hides the bug; any other filter shows it."""

LOSES = ["q1"]

_reference_conv_backward_naive = conv_backward_naive  # noqa: F821


def conv_backward_naive(dout, cache):
    x, w, b, stride, pad = cache
    dx, dw, db = _reference_conv_backward_naive(dout, (x, w[:, :, ::-1, ::-1], b, stride, pad))
    return dx, dw[:, :, ::-1, ::-1], db
