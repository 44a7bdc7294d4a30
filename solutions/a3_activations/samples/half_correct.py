"""A sample submission: q1 and q4 right; the noisy ReLU reads δ in N(0, δ) as a variance and
scales the noise by √std, and the softmax gradient subtracts the one-hot with
``dscores[:, y] -= 1``, which hits whole columns instead of one entry per row."""

LOSES = ["q2", "q3"]


def noisy_relu_forward(x, std=1.0, train=True, seed=None):
    z = x
    if train:
        rng = np.random.default_rng(seed)
        noise = np.sqrt(std) * rng.standard_normal(x.shape)  # N(0, δ): δ is the variance
        z = x + noise.astype(x.dtype)
    return np.maximum(z, 0), z


def softmax_cross_entropy(scores, y):
    n = scores.shape[0]
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    exp = np.exp(shifted)
    probs = exp / np.sum(exp, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(exp, axis=1, keepdims=True))
    loss = -np.mean(log_probs[np.arange(n), y])
    dscores = probs.copy()
    dscores[:, y] -= 1
    return float(loss), (dscores / n).astype(scores.dtype)
