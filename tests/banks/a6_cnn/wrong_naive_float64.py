"""The output buffer is always float64: float32 inputs give float64 maps."""

LOSES = ["q1"]

import numpy as np

_reference_conv_forward_naive = conv_forward_naive  # noqa: F821


def conv_forward_naive(x, w, b, stride=1, pad=0):
    out, cache = _reference_conv_forward_naive(x, w, b, stride, pad)
    return out.astype(np.float64), cache
