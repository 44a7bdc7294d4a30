"""Clips every gradient array by its own norm instead of the global norm."""

LOSES = ["q2"]


def clip_grad_norm(grads, max_norm):
    total = float(np.sqrt(sum(float((g.astype(np.float64) ** 2).sum()) for g in grads)))
    out = []
    for g in grads:
        norm = float(np.linalg.norm(g))
        out.append(g * g.dtype.type(min(1.0, max_norm / (norm + 1e-6))))
    return out, total
