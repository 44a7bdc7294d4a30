"""softplus_forward stores x in a mutable default list and softplus_backward reads the
last x stored there, not the cache it is given."""

LOSES = ["q2"]

_reference_softplus_forward = softplus_forward  # noqa: F821
_reference_softplus_backward = softplus_backward  # noqa: F821


def softplus_forward(x, _seen=[]):  # noqa: B006 (the bug)
    out, cache = _reference_softplus_forward(x)
    _seen.append(cache)
    return out, cache


def softplus_backward(dout, cache):
    return _reference_softplus_backward(dout, softplus_forward.__defaults__[0][-1])
