"""db is accumulated in float64 and returned so: float32 layers get a float64 bias gradient
(dx and dw keep float32)."""

LOSES = ["q2"]

import numpy as np

_reference_conv_backward_fast = conv_backward_fast  # noqa: F821


def conv_backward_fast(dout, cache):
    dx, dw, _ = _reference_conv_backward_fast(dout, cache)
    return dx, dw, dout.sum(axis=(0, 2, 3), dtype=np.float64)
