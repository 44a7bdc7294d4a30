"""Rescales the gradients to norm max_norm even when their norm is already smaller."""

LOSES = ["q2"]


def clip_grad_norm(grads, max_norm):
    norm = float(np.sqrt(sum(float((g.astype(np.float64) ** 2).sum()) for g in grads)))
    scale = max_norm / (norm + 1e-6)
    return [g * g.dtype.type(scale) for g in grads], norm
