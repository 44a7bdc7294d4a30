"""The output layer one step at a time: the forward pass stacks the scores of every step, the
backward pass adds up what every step contributes to dV and dc."""

LOSES = []


def temporal_affine_forward(h, V, c):
    scores = np.stack([h[:, t] @ V + c for t in range(h.shape[1])], axis=1)
    return scores, (h, V)


def temporal_affine_backward(dout, cache):
    h, V = cache
    T = h.shape[1]
    dh = np.stack([dout[:, t] @ V.T for t in range(T)], axis=1)
    dV = sum(h[:, t].T @ dout[:, t] for t in range(T))
    dc = sum(dout[:, t].sum(axis=0) for t in range(T))
    return dh, dV, dc
