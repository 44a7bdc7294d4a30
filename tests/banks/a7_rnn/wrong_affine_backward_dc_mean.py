"""The output layer's dc averages dout over the batch and the steps instead of summing it."""

LOSES = ["q1", "q5"]

_reference_temporal_affine_backward = temporal_affine_backward


def temporal_affine_backward(dout, cache):
    dh, dV, _ = _reference_temporal_affine_backward(dout, cache)
    return dh, dV, dout.mean(axis=(0, 1))
