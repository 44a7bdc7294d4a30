"""temporal_affine_backward ignores per_step: it always returns dV and dc summed over time."""

LOSES = ["q1"]

_reference_temporal_affine_backward = temporal_affine_backward


def temporal_affine_backward(dout, cache, per_step=False):
    return _reference_temporal_affine_backward(dout, cache)
