"""The trainer's CBOW hidden layer sums the context vectors instead of averaging them (and
sends the whole dh to every context word). Caught by the hidden CBOW training test only."""

LOSES = ["q3"]
import numpy as np


def train_word2vec(
    ids: np.ndarray,
    starts: np.ndarray,
    vocab_size: int,
    dim: int = 50,
    window: int = 5,
    negatives: int = 5,
    epochs: int = 5,
    lr: float = 0.025,
    batch_size: int = 64,
    model: str = "cbow",
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Train word vectors with negative sampling by minibatch SGD.

    - ``model="cbow"``: each word is an example; h is the mean of the input vectors of its
      context words (those of ``context_windows``), the target is the word itself. Words
      with an empty context are skipped.
    - ``model="skipgram"``: each (word, context word) pair is an example; h is the input
      vector of the word, the target is the context word.

    Set-up: ``rng = np.random.default_rng(seed)``; W uniform in [-0.5/dim, 0.5/dim),
    W_prime zeros (as word2vec does); the noise distribution from the word counts of
    ``ids``. Every epoch visits the examples in a new random order, in minibatches of
    ``batch_size``, each with its own ``negatives`` noise words per example. A step
    subtracts the learning rate times the gradient of the *summed* loss of the minibatch,
    as word2vec's per-example SGD would; the rate decreases linearly from ``lr`` to
    ``lr * 1e-4`` over the whole training.

    Check: the same seed gives the same vectors; the loss goes down.

    Args:
        ids, starts: the corpus, as ``nnkit.corpus.Vocabulary.encode`` returns it.
        vocab_size: V.
        dim: N, the dimension of the vectors.
        window: context words on each side.
        negatives: K, noise words per example.
        epochs: passes over the corpus.
        lr: initial learning rate.
        batch_size: examples per step.
        model: "cbow" or "skipgram".
        seed: the only source of randomness.
    Returns:
        W: (V, dim) input vectors (the word embeddings), float32 (as word2vec) or float64.
        W_prime: (V, dim) output vectors, the same dtype.
        losses: (epochs,) mean loss per example of each epoch.
    Raises:
        ValueError: an unknown model.
    """
    if model not in ("cbow", "skipgram"):
        raise ValueError(f"model must be 'cbow' or 'skipgram', got {model!r}")

    slot = np.zeros(vocab_size, dtype=np.int64)  # a word's column in spread's matrix

    def spread(rows: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # The words of B examples as a (B, U) matrix G over the U distinct words among them:
        # G[b, u] is the summed weight of word unique[u] in example b. Then G @ M[unique]
        # mixes rows of M for each example, and G.T @ X sends each example's row of X back to
        # its words, a word used by several examples (or twice by one) receiving the sum:
        # one dense matrix product each, which BLAS runs many times faster than np.add.at
        # adds up the B * C rows of N values one by one.
        unique = np.flatnonzero(np.bincount(rows.ravel(), minlength=vocab_size))
        slot[unique] = np.arange(len(unique))  # no sort, unlike np.unique
        B, U = rows.shape[0], len(unique)
        G = np.zeros(B * U, dtype=np.float32)
        np.add.at(G, (np.arange(B)[:, None] * U + slot[rows]).ravel(), weights.ravel())
        return unique, G.reshape(B, U)

    # float32 throughout, as word2vec: half the memory traffic of float64, ample precision
    rng = np.random.default_rng(seed)  # the only source of randomness
    W = ((rng.random((vocab_size, dim)) - 0.5) / dim).astype(np.float32)
    W_prime = np.zeros((vocab_size, dim), dtype=np.float32)
    noise = noise_distribution(np.bincount(ids, minlength=vocab_size))
    centres, contexts = context_windows(ids, starts, window)
    if model == "cbow":  # h: the context words' input vectors, weights 1/size (0 for padding)
        size = (contexts >= 0).sum(axis=1)
        keep = size > 0
        inputs, targets = np.maximum(contexts[keep], 0), centres[keep]
        weights = (contexts[keep] >= 0).astype(np.float32)
    else:  # h: the centre word's input vector, weight 1
        where = np.nonzero(contexts >= 0)
        inputs, targets = centres[where[0], None], contexts[where]
        weights = np.ones(inputs.shape, dtype=np.float32)
    n = len(targets)
    steps = epochs * -(-n // batch_size)
    rates = lr * (1 - (1 - 1e-4) * np.arange(steps) / max(steps, 1))
    sign = np.ones(1 + negatives, dtype=np.float32)
    sign[0] = -1  # E = Σ log(1 + e^z) with z = -score for the target, +score for noise words
    losses = np.zeros(epochs)
    step = 0
    for epoch in range(epochs):
        # the epoch's examples shuffled once, so that a minibatch is a slice; each row of
        # outputs holds the target and its K noise words, drawn for the whole epoch at once
        order = rng.permutation(n)
        ins, wts = inputs[order], weights[order]
        noise_words = sample_negatives(noise, (n, negatives), rng)
        outputs = np.concatenate([targets[order, None], noise_words], axis=1)
        total = 0.0
        for begin in range(0, n, batch_size):
            batch = slice(begin, begin + batch_size)
            eta = np.float32(rates[step])
            step += 1
            # forward: row b of G is the lecture's (1/C)(x_1 + ... + x_C) of example b, cut
            # to the words the minibatch uses, so G @ W is its h = (1/C) W · (x_1 + ... + x_C)
            in_rows, in_mix = spread(ins[batch], wts[batch])
            h = in_mix @ W[in_rows]  # (B, N)
            vecs = W_prime[outputs[batch]]  # (B, 1 + K, N)
            z = sign * (vecs @ h[:, :, None])[:, :, 0]  # (B, 1 + K)
            total += float(np.logaddexp(0, z).sum())
            # backward: g = ∂E/∂score (negative_sampling_loss's d_rows are g times h), ∂E/∂h
            g = sign / (1 + np.exp(-np.clip(z, -50, 50)))
            dh = (g[:, None, :] @ vecs)[:, 0]  # (B, N)
            # -η times the gradient of the summed loss; the products with G.T add up the
            # updates of a word used by several examples
            out_rows, out_mix = spread(outputs[batch], g)
            W_prime[out_rows] -= eta * (out_mix.T @ h)
            W[in_rows] -= eta * (in_mix.T @ dh)
        losses[epoch] = total / n
    return W, W_prime, losses
