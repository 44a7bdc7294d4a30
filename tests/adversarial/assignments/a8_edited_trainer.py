"""a8: leaves q3's graded functions unwritten and replaces the given train_word2vec, in
its own file, by a count-based embedding (positive PMI of window co-occurrences, then an
SVD) that needs neither negative sampling nor an SGD step. If the hidden training cases
trained through the submission's own copy of the given trainer, this would earn their
points without a line of q3 (it did: 8 of q3's 13 points, the two hidden training cases
included, before those cases trained with the course's own copy of the trainer)."""

# the question -> the points it deserves: q3's cases of the reference's
# negative_sampling_loss (left in place); every other question is the reference's
EARNS = {"q3": 4.0}


def sample_negatives(noise, shape, rng):
    raise NotImplementedError("q3")


def negative_sampling_step(W, W_prime, inputs, weights, outputs, eta):
    raise NotImplementedError("q3")


def train_word2vec(ids, starts, vocab_size, dim=50, window=5, seed=0, **_):
    counts = np.zeros((vocab_size, vocab_size))
    bounds = list(starts) + [len(ids)]
    for a, b in zip(bounds[:-1], bounds[1:]):
        sentence = ids[a:b]
        for i, w in enumerate(sentence):
            for j in range(max(0, i - window), min(len(sentence), i + window + 1)):
                if j != i:
                    counts[w, sentence[j]] += 1
    total, row = counts.sum(), counts.sum(axis=1, keepdims=True) + 1e-12
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.nan_to_num(np.log(counts * total / (row @ row.T)), neginf=0.0)
    u, s, _ = np.linalg.svd(np.maximum(pmi, 0))
    W = (u[:, :dim] * np.sqrt(s[:dim])).astype(np.float32)
    return W, W.copy(), np.zeros(1)
