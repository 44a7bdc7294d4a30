"""model="skipgram" silently trains CBOW: the examples are always (context mean, word).
Caught by the hidden skip-gram training test only."""

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
        W: (V, dim) float64 input vectors (the word embeddings).
        W_prime: (V, dim) float64 output vectors.
        losses: (epochs,) mean loss per example of each epoch.
    Raises:
        ValueError: an unknown model.
    """
    if model not in ("cbow", "skipgram"):
        raise ValueError(f"model must be 'cbow' or 'skipgram', got {model!r}")

    def add_rows(matrix: np.ndarray, rows: np.ndarray, values: np.ndarray) -> None:
        # matrix[rows] += values with repeated rows adding up; faster than np.add.at.
        unique, inverse = np.unique(rows, return_inverse=True)
        flat = (inverse[:, None] * dim + np.arange(dim)).ravel()
        sums = np.bincount(flat, weights=values.ravel(), minlength=len(unique) * dim)
        matrix[unique] += sums.reshape(len(unique), dim)

    rng = np.random.default_rng(seed)  # the only source of randomness
    W = (rng.random((vocab_size, dim)) - 0.5) / dim
    W_prime = np.zeros((vocab_size, dim))
    noise = noise_distribution(np.bincount(ids, minlength=vocab_size))
    centres, contexts = context_windows(ids, starts, window)
    if True:
        size = (contexts >= 0).sum(axis=1)
        keep = size > 0
        inputs, targets = contexts[keep], centres[keep]
        weight = (contexts[keep] >= 0) / size[keep, None]
    else:
        where = np.nonzero(contexts >= 0)
        inputs, targets = centres[where[0]], contexts[where]
    n = len(targets)
    steps = epochs * -(-n // batch_size)
    rates = lr * (1 - (1 - 1e-4) * np.arange(steps) / max(steps, 1))
    losses = np.zeros(epochs)
    step = 0
    for epoch in range(epochs):
        order = rng.permutation(n)
        total = 0.0
        for begin in range(0, n, batch_size):
            batch = order[begin : begin + batch_size]
            tgt = targets[batch]
            neg = sample_negatives(noise, (len(batch), negatives), rng)
            if True:
                ctx, wgt = inputs[batch], weight[batch]
                h = np.einsum("bc,bcn->bn", wgt, W[np.maximum(ctx, 0)])
            else:
                h = W[inputs[batch]]
            E, dh, d_rows = negative_sampling_loss(h, W_prime, tgt, neg)
            total += E.sum()
            eta = rates[step]
            step += 1
            out_rows = np.concatenate([tgt[:, None], neg], axis=1)
            add_rows(W_prime, out_rows.ravel(), -eta * d_rows.reshape(-1, dim))
            if True:
                upd = -eta * wgt[:, :, None] * dh[:, None, :]
                add_rows(W, np.maximum(ctx, 0).ravel(), upd.reshape(-1, dim))
            else:
                add_rows(W, inputs[batch], -eta * dh)
        losses[epoch] = total / n
    return W, W_prime, losses
