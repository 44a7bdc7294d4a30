"""With per_step=True, dc sums dout over the time steps instead of the batch: shape (N, M),
one row per sequence, not (T, M)."""

LOSES = ["q1"]

_reference_temporal_affine_backward = temporal_affine_backward


def temporal_affine_backward(dout, cache, per_step=False):
    dh, dV, dc = _reference_temporal_affine_backward(dout, cache, per_step)
    if per_step:
        return dh, dV, dout.sum(axis=1)
    return dh, dV, dc
