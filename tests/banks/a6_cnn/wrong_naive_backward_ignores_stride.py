"""The backward pass places every window as if the stride were 1."""

LOSES = ["q1"]

_reference_conv_backward_naive = conv_backward_naive  # noqa: F821


def conv_backward_naive(dout, cache):
    x, w, b, stride, pad = cache
    # Stride-1 windows: the first H_out x W_out positions, not the strided ones.
    return _reference_conv_backward_naive(dout, (x, w, b, 1, pad))
