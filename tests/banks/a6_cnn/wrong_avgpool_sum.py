"""Sum pooling: the forward pass forgets to divide by the window size."""

LOSES = ["q4"]

_reference_avg_pool_forward = avg_pool_forward  # noqa: F821


def avg_pool_forward(x, pool_height=2, pool_width=2, stride=2):
    out, cache = _reference_avg_pool_forward(x, pool_height, pool_width, stride)
    return out * (pool_height * pool_width), cache
