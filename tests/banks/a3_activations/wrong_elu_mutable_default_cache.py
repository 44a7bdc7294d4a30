"""elu_forward stores its cache in a mutable default list and elu_backward reads the last
cache stored there, not the cache it is given."""

LOSES = ["q2"]

_reference_elu_forward = elu_forward  # noqa: F821
_reference_elu_backward = elu_backward  # noqa: F821


def elu_forward(x, alpha=1.0, _seen=[]):  # noqa: B006 (the bug)
    out, cache = _reference_elu_forward(x, alpha)
    _seen.append(cache)
    return out, cache


def elu_backward(dout, cache):
    return _reference_elu_backward(dout, elu_forward.__defaults__[1][-1])
