"""e = y: the one-hot target is never subtracted."""

LOSES = ["q2"]


def cbow_backward(y, target, W_prime):
    e = y.copy()
    return e, e @ W_prime
