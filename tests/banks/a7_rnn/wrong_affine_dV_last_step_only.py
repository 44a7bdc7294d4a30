"""dV and dc take only the last step's share (as if the loss were at the last step only)."""

LOSES = ["q1", "q5"]


def temporal_affine_backward(dout, cache):
    h, V = cache
    return dout @ V.T, h[:, -1].T @ dout[:, -1], dout[:, -1].sum(axis=0)
