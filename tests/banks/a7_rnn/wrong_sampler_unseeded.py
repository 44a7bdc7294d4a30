"""Draws from numpy's global generator and ignores the seed: samples are not reproducible."""

LOSES = ["q5"]


def sample_with_temperature(logits, temperature, seed=None):
    if temperature == 0:
        return np.argmax(logits, axis=1)
    z = logits / temperature
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    u = np.random.random((logits.shape[0], 1))
    return np.minimum((p.cumsum(axis=1) < u).sum(axis=1), logits.shape[1] - 1)
