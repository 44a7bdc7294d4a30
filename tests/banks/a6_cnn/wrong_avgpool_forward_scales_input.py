"""avg_pool_forward divides x in place by the window size before summing the windows:
the output is right, but the caller's x is changed."""

LOSES = ["q4"]

_reference_avg_pool_forward = avg_pool_forward  # noqa: F821


def avg_pool_forward(x, pool_height=2, pool_width=2, stride=2):
    x /= pool_height * pool_width
    out, cache = _reference_avg_pool_forward(x, pool_height, pool_width, stride)
    return out * (pool_height * pool_width), cache
