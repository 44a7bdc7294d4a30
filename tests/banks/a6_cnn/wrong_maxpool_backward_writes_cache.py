"""max_pool_backward reuses the cached input as the buffer of dx: dx is right once, but the
cache (and the caller's x, which it holds) is overwritten, so a second backward is wrong."""

LOSES = ["q3"]

_reference_max_pool_backward = max_pool_backward  # noqa: F821


def max_pool_backward(dout, cache):
    dx = _reference_max_pool_backward(dout, cache)
    x = cache[0]
    x[...] = dx
    return x
