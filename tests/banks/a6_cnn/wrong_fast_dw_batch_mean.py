"""dw is averaged over the batch (divided by N), as if the loss were a mean over images."""

LOSES = ["q2"]

_reference_conv_backward_fast = conv_backward_fast  # noqa: F821


def conv_backward_fast(dout, cache):
    dx, dw, db = _reference_conv_backward_fast(dout, cache)
    return dx, dw / dout.shape[0], db
