"""dV and dc take only the last step's share (as if the loss were at the last step only)."""

LOSES = ["q1", "q5"]


def temporal_affine_backward(dout, cache, per_step=False):
    h, V = cache
    dV = h[:, -1].T @ dout[:, -1]
    dc = dout[:, -1].sum(axis=0)
    if per_step:
        T = h.shape[1]
        steps_V = np.zeros((T, *dV.shape), dtype=dV.dtype)
        steps_c = np.zeros((T, *dc.shape), dtype=dc.dtype)
        steps_V[-1], steps_c[-1] = dV, dc
        return dout @ V.T, steps_V, steps_c
    return dout @ V.T, dV, dc
