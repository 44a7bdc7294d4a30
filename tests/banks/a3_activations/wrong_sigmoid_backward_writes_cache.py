"""sigmoid_backward turns the cached σ(x) into σ'(x) in place: right once, but a second
backward on the same cache is wrong (and the forward's output changes with it)."""

LOSES = ["q1"]

_reference_sigmoid_backward = sigmoid_backward  # noqa: F821


def sigmoid_backward(dout, cache):
    s = cache
    s *= 1 - s
    return (dout * s).astype(dout.dtype, copy=False)
