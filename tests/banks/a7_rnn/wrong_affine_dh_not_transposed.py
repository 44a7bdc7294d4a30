"""dh sends dout back through V instead of its transpose (a shape error unless H == M)."""

LOSES = ["q1", "q5"]

_reference_temporal_affine_backward = temporal_affine_backward


def temporal_affine_backward(dout, cache):
    _, dV, dc = _reference_temporal_affine_backward(dout, cache)
    return dout @ cache[1], dV, dc
