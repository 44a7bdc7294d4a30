"""dV is the outer product of h summed over the batch and the steps with dout summed the same
way, instead of the sum of every step's own outer product (the sums are taken too early)."""

LOSES = ["q1", "q5"]


def temporal_affine_backward(dout, cache):
    h, V = cache
    dV = np.outer(h.sum(axis=(0, 1)), dout.sum(axis=(0, 1))).astype(h.dtype)
    return dout @ V.T, dV, dout.sum(axis=(0, 1))
