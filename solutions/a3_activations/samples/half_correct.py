"""A sample submission: q1 and q4 right; the noisy ReLU reads δ in N(0, δ) as a variance and
scales the noise by √std, and the soft-target cross-entropy's gradient subtracts 1 with
``dscores[:, np.argmax(d, axis=1)] -= 1``, which reads d as one-hot and hits whole columns
instead of one entry per row."""

LOSES = ["q2", "q3"]


def noisy_relu_forward(x, std=1.0, train=True, seed=None):
    z = x
    if train:
        rng = np.random.default_rng(seed)
        noise = np.sqrt(std) * rng.standard_normal(x.shape)  # N(0, δ): δ is the variance
        z = x + noise.astype(x.dtype)
    return np.maximum(z, 0), z


def soft_cross_entropy(scores, d):
    n = scores.shape[0]
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    exp = np.exp(shifted)
    probs = exp / np.sum(exp, axis=1, keepdims=True)
    loss = -np.sum(d * np.log(probs)) / n
    dscores = probs.copy()
    dscores[:, np.argmax(d, axis=1)] -= 1  # hits whole columns, and reads d as one-hot
    return float(loss), (dscores / n).astype(scores.dtype)
