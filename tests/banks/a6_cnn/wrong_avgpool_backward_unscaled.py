"""The backward pass sends the full dout to every input of the window (no 1/(ph*pw))."""

LOSES = ["q4"]

_reference_avg_pool_backward = avg_pool_backward  # noqa: F821


def avg_pool_backward(dout, cache):
    _, _, pool_height, pool_width, _ = cache
    return _reference_avg_pool_backward(dout, cache) * (pool_height * pool_width)
