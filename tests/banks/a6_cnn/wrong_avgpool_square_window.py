"""Divides by pool_height**2: right for square windows only."""

LOSES = ["q4"]

_reference_avg_pool_forward = avg_pool_forward  # noqa: F821
_reference_avg_pool_backward = avg_pool_backward  # noqa: F821


def avg_pool_forward(x, pool_height=2, pool_width=2, stride=2):
    out, cache = _reference_avg_pool_forward(x, pool_height, pool_width, stride)
    return out * pool_width / pool_height, cache


def avg_pool_backward(dout, cache):
    _, _, pool_height, pool_width, _ = cache
    return _reference_avg_pool_backward(dout, cache) * pool_width / pool_height
