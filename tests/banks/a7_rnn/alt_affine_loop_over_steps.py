"""The output layer one step at a time: the forward pass stacks the scores of every step,
the backward pass the per-step contributions, whose sums are the gradients."""

LOSES = []


def temporal_affine_forward(h, V, c):
    scores = np.stack([h[:, t] @ V + c for t in range(h.shape[1])], axis=1)
    return scores, (h, V)


def temporal_affine_backward(dout, cache, per_step=False):
    h, V = cache
    T = h.shape[1]
    dh = np.stack([dout[:, t] @ V.T for t in range(T)], axis=1)
    dV = np.stack([h[:, t].T @ dout[:, t] for t in range(T)])
    dc = np.stack([dout[:, t].sum(axis=0) for t in range(T)])
    if per_step:
        return dh, dV, dc
    return dh, dV.sum(axis=0), dc.sum(axis=0)
