"""The forward keeps its cache in a module-level variable and the backward reads that
instead of the cache it is given: right only when backward follows its own forward."""

LOSES = ["q3"]

_reference_max_pool_forward = max_pool_forward  # noqa: F821
_reference_max_pool_backward = max_pool_backward  # noqa: F821
_last_cache = []


def max_pool_forward(x, pool_height=2, pool_width=2, stride=2):
    out, cache = _reference_max_pool_forward(x, pool_height, pool_width, stride)
    _last_cache[:] = [cache]
    return out, cache


def max_pool_backward(dout, cache):
    return _reference_max_pool_backward(dout, _last_cache[0])
