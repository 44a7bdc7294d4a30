"""The product's columns, ordered (i, j, n), are reshaped straight to (N, F, H_out, W_out)
without moving the image axis: maps of different images and positions get mixed."""

LOSES = ["q2"]

_reference_conv_forward_fast = conv_forward_fast  # noqa: F821


def conv_forward_fast(x, w, b, stride=1, pad=0):
    out, cache = _reference_conv_forward_fast(x, w, b, stride, pad)
    N, F, H_out, W_out = out.shape
    return out.transpose(1, 2, 3, 0).reshape(N, F, H_out, W_out), cache
