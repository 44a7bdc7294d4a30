"""Word2vec: the continuous bag-of-words model (连续词袋(CBOW)模型) with the lecture's full
softmax, then negative sampling, skip-gram and a minibatch trainer (词嵌入(Word Embedding)).

Notation (the lecture's):

- V words, ids 0..V-1; N the dimension of a word vector; C the number of context words.
- ``W`` (V, N): the input matrix. Row ``W[w]`` is v_w, the input vector of word w.
- ``W_prime`` (V, N): the output matrix W'. Row ``W_prime[w]`` is v'_w, the output vector.
- A context is C word ids; a target (the lecture's output word w_O) is one id.

The lecture writes the hidden layer as h = (1/C) W · (x_1 + ... + x_C) with one-hot columns
x_c and W laid out (N, V). Here W is stored transposed, (V, N), as in every library: the
product of a one-hot x_c with the matrix is the row ``W[w_c]``, so h is a mean of rows and
nobody multiplies by one-hot vectors.

Every function keeps the dtype of the float arrays it gets (float64 or float32) and never
modifies its inputs, except that ``negative_sampling_step`` may update the trainer's two
matrices in place.
"""

from __future__ import annotations

import numpy as np

# ----------------------------------------------------------------------------------------------
# Question 1: CBOW forward pass and loss (连续词袋(CBOW)模型)
# ----------------------------------------------------------------------------------------------


def cbow_hidden(W: np.ndarray, context: np.ndarray) -> np.ndarray:
    """Hidden layer of CBOW: h = (1/C)(v_{w_1} + ... + v_{w_C}).

    The lecture's W · x_c with a one-hot x_c is the input vector v_{w_c}, row ``W[w_c]``.
    A word that appears twice in a context counts twice.

    Args:
        W: input matrix, (V, N).
        context: context word ids, (B, C) int: B examples of C words each.
    Returns:
        h: (B, N), dtype of W.
    """
    raise NotImplementedError("q1: the mean of the context words' input vectors, per example")


def cbow_forward(
    W: np.ndarray, W_prime: np.ndarray, context: np.ndarray, target: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CBOW forward pass and cross-entropy loss with the full softmax (交叉熵损失).

    Scores u_j = v'_{w_j} · h for every word j of the vocabulary, probabilities
    y_j = exp(u_j) / Σ_j' exp(u_j'), and the loss of each example

        E = -log p(w_O | w_{I,1}, ..., w_{I,C}) = -u_{w_O} + log Σ_j exp(u_j).

    E and y must stay finite when scores are large (hundreds or thousands): exp(1000)
    overflows. Checks: with W_prime all zeros every word has probability 1/V and E = log V;
    adding the same vector to every output vector v'_j changes no y and no E.

    Args:
        W: input matrix, (V, N).
        W_prime: output matrix, (V, N).
        context: (B, C) int context word ids.
        target: (B,) int ids of the output words w_O.
    Returns:
        E: (B,) loss of each example.
        h: (B, N) hidden layer (cbow_hidden).
        y: (B, V) predicted probabilities, rows summing to 1.
        All in the dtype of W.
    """
    raise NotImplementedError("q1: h, the scores u, a stable softmax y and E for each example")


# ----------------------------------------------------------------------------------------------
# Question 2: the lecture's gradients and update rules (梯度更新)
# ----------------------------------------------------------------------------------------------


def cbow_backward(
    y: np.ndarray, target: np.ndarray, W_prime: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The two error signals of the lecture's CBOW gradient.

    - e_j = ∂E/∂u_j = y_j - t_j, where t is the one-hot vector of the target (t_j = 1 for
      j = w_O, else 0): the prediction error of each output word. The slide uses e_j
      without defining it; this is its definition.
    - EH_i = ∂E/∂h_i = Σ_j e_j w'_{ij}: the error sent back to the hidden layer, where
      w'_{ij} is entry i of v'_{w_j} (``W_prime[j, i]``).

    Check: Σ_j e_j = 0 for every example.

    Args:
        y: (B, V) predicted probabilities (from cbow_forward).
        target: (B,) int target ids.
        W_prime: (V, N) output matrix.
    Returns:
        e: (B, V); EH: (B, N); dtype of y. y is not modified.
    """
    raise NotImplementedError("q2: e = y - t, then EH from e and the output vectors")


def cbow_update(
    W: np.ndarray,
    W_prime: np.ndarray,
    context: np.ndarray,
    h: np.ndarray,
    e: np.ndarray,
    EH: np.ndarray,
    eta: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The lecture's update rules, for the summed loss of B examples.

    For every example b,
    - every output vector moves: v'_{w_j} ← v'_{w_j} - η e_j h, for j = 1..V;
    - every context word's *input* vector moves: v_{w_{I,c}} ← v_{w_{I,c}} - (1/C) η EH, for
      c = 1..C (the slide puts a prime on this v; it is a typo: EH reaches the input
      vectors, which are what h is made of).

    A word that appears twice in a context receives its share twice (2/C of η EH), and
    words in several examples receive the sum of their updates: the step is exactly -η
    times the gradient of Σ_b E_b. Rows of W of words in no context come back
    bit-identical.

    Args:
        W, W_prime: (V, N) input and output matrices; not modified.
        context: (B, C) int context word ids.
        h: (B, N), e: (B, V), EH: (B, N): from cbow_forward and cbow_backward.
        eta: learning rate η.
    Returns:
        (W_new, W_prime_new): new arrays, (V, N) each, dtypes of W and W_prime.
    """
    raise NotImplementedError("q2: both update rules, on copies, repeated context words adding up")


def cbow_sgd_step(
    W: np.ndarray, W_prime: np.ndarray, context: np.ndarray, target: np.ndarray, eta: float
) -> tuple[np.ndarray, np.ndarray, float]:
    """One SGD step of the full-softmax CBOW: forward, backward, update.

    Returns:
        (W_new, W_prime_new, mean loss of the B examples before the step).
    """
    E, h, y = cbow_forward(W, W_prime, context, target)
    e, EH = cbow_backward(y, target, W_prime)
    return (*cbow_update(W, W_prime, context, h, e, EH, eta), float(np.mean(E)))


# ----------------------------------------------------------------------------------------------
# Question 3: negative sampling, skip-gram and a minibatch trainer
# ----------------------------------------------------------------------------------------------


def noise_distribution(counts: np.ndarray, power: float = 0.75) -> np.ndarray:
    """The noise distribution negatives are drawn from: the unigram distribution raised to
    ``power`` and renormalised, P_n(w) ∝ count(w)^power (Mikolov et al. 2013 found 3/4 best).

    Given: a worked example to read. A power below 1 flattens the distribution: counts 1,
    16 and 81 become weights 1, 8 and 27, so the rarest word's share rises from 1/98 to 1/36
    and the most frequent one's falls from 81/98 to 27/36. Frequent words ("the", "of")
    would otherwise be most of the negatives, and every step would teach the model little
    more than that they rarely follow anything in particular. Counts are validated first:
    a negative count or an empty corpus has no distribution.

    Args:
        counts: (V,) occurrences of each word, >= 0, not all zero.
        power: exponent; 1 gives the unigram distribution itself.
    Returns:
        (V,) float64 probabilities summing to 1.
    Raises:
        ValueError: a negative count, or all counts zero.
    """
    counts = np.asarray(counts, dtype=np.float64)
    if (counts < 0).any():
        raise ValueError("counts must be >= 0")
    if not (counts > 0).any():
        raise ValueError("at least one count must be positive")
    weights = counts**power
    return weights / weights.sum()


def sample_negatives(
    noise: np.ndarray, shape: tuple[int, ...], rng: int | np.random.Generator
) -> np.ndarray:
    """Draw negative words from the noise distribution.

    The draws are defined exactly, so that they are reproducible:
    ``np.random.default_rng(rng).choice(len(noise), size=shape, p=noise)`` (an int seed or
    an existing Generator, which then advances).

    Args:
        noise: (V,) probabilities.
        shape: shape of the result, e.g. (B, K).
        rng: seed or generator.
    Returns:
        int64 array of word ids, of the given shape.
    """
    raise NotImplementedError("q3: one call of Generator.choice, as documented")


def negative_sampling_loss(
    h: np.ndarray, W_prime: np.ndarray, targets: np.ndarray, negatives: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Negative-sampling loss of each example and its gradients (Mikolov et al. 2013).

    Instead of the softmax over V words, one logistic regression tells the true output
    word o from K words drawn from the noise distribution:

        E = -log σ(v'_o · h) - Σ_{k=1..K} log σ(-v'_{n_k} · h),   σ(z) = 1 / (1 + e^{-z}).

    E must stay finite for scores of any size (-log σ(z) = log(1 + e^{-z})).

    Args:
        h: (B, N) hidden vectors (the CBOW mean, or the centre word's input vector).
        W_prime: (V, N) output matrix.
        targets: (B,) int true output words.
        negatives: (B, K) int noise words.
    Returns:
        E: (B,) loss of each example.
        dh: (B, N) ∂E/∂h.
        d_rows: (B, 1 + K, N) gradients of E with respect to the output vectors used:
            ``d_rows[b, 0]`` for v'_{targets[b]}, ``d_rows[b, 1 + k]`` for
            v'_{negatives[b, k]}. The gradient for W_prime is their sum row by row (a word
            drawn twice gets both).
        All in the dtype of h.
    """
    raise NotImplementedError("q3: scores of the target and the negatives, stable loss, gradients")


def context_windows(
    ids: np.ndarray, starts: np.ndarray, window: int
) -> tuple[np.ndarray, np.ndarray]:
    """The context of every word: up to ``window`` words on each side, in its sentence.

    Args:
        ids: (T,) word ids of the corpus, sentence after sentence.
        starts: (S + 1,) sentence offsets (sentence s is ``ids[starts[s]:starts[s + 1]]``).
        window: words on each side.
    Returns:
        centres: (T,) the id of each word.
        contexts: (T, 2 * window) ids of the words at offsets -window..-1, 1..window, or -1
            where the offset leaves the sentence.
    """
    ids = np.asarray(ids, dtype=np.int64)
    sentence = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
    position = np.arange(len(ids))
    offsets = np.concatenate([np.arange(-window, 0), np.arange(1, window + 1)])
    where = position[:, None] + offsets[None, :]
    inside = (where >= 0) & (where < len(ids))
    where = np.clip(where, 0, max(len(ids) - 1, 0))
    inside &= sentence[where] == sentence[:, None]
    return ids, np.where(inside, ids[where], -1)


def word2vec_examples(
    centres: np.ndarray, contexts: np.ndarray, model: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The training examples of CBOW or skip-gram, from the context windows of a corpus.

    Given: a worked example to read. It shows how both models fit one form, which your
    ``negative_sampling_step`` receives: an example is a row of input words with their
    weights, and a target. Its hidden vector is h = Σ_c weights[c] v_{inputs[c]}, and the
    target is the output word w_O that h must tell from the noise words.

    - ``model="cbow"``: one example per word that has at least one context word, in corpus
      order; its target is the word itself. Its inputs are its context slots, each word
      weighted 1/C with C the number of its context words, so that the weighted sum is the
      lecture's mean h = (1/C)(v_{w_1} + ... + v_{w_C}). Near the edge of a sentence C is
      less than 2 · window: a slot without a word (-1 in ``contexts``) keeps its place in
      the row as padding, with weight 0 and id 0 (any valid row of W would do, since it is
      multiplied by 0; -1 would silently read the last word's row). A word with no context
      word at all (a one-word sentence) has no mean to predict it from (C = 0, weights
      0/0) and makes no example. A word twice in a context fills two slots, so it weighs
      2/C, as in the mean.
    - ``model="skipgram"``: one example per (word, context word) pair, in corpus order and,
      for each word, in the order of its context slots. The input is the word alone, with
      weight 1, so h is the word's own input vector: a one-word context. The target is
      the context word. The same step function then trains both models.

    For instance, the sentence "7 1 2 1" with window 2 has the context rows
    [-1, -1, 1, 2], [-1, 7, 2, 1], [7, 1, 1, -1], [1, 2, -1, -1]. CBOW's third example has
    inputs [7, 1, 1, 0], weights [1/3, 1/3, 1/3, 0] and target 2; skip-gram's first two
    examples are (7 -> 1) and (7 -> 2).

    Checks: the weights of every CBOW example sum to 1; skip-gram makes as many examples as
    ``contexts`` holds word ids (entries >= 0).

    Args:
        centres: (T,) int word ids; contexts: (T, S) int ids or -1 (``context_windows``).
        model: "cbow" or "skipgram".
    Returns:
        inputs: (n, S) int ids for CBOW, (n, 1) for skip-gram, all in 0..V-1.
        weights: float32 array, the shape of ``inputs``.
        targets: (n,) int ids.
    """
    if model == "cbow":
        size = (contexts >= 0).sum(axis=1)  # C of each word
        keep = size > 0  # a word with no context word makes no example
        inputs, targets = np.maximum(contexts[keep], 0), centres[keep]  # padding -> id 0
        weights = ((contexts[keep] >= 0) / size[keep, None]).astype(np.float32)  # 1/C or 0
    else:
        where = np.nonzero(contexts >= 0)  # (word, slot) of every context word
        inputs, targets = centres[where[0], None], contexts[where]
        weights = np.ones(inputs.shape, dtype=np.float32)
    return inputs, weights, targets


def negative_sampling_step(
    W: np.ndarray,
    W_prime: np.ndarray,
    inputs: np.ndarray,
    weights: np.ndarray,
    outputs: np.ndarray,
    eta: float,
) -> tuple[np.ndarray, np.ndarray, float]:
    """One SGD step of negative sampling on a minibatch of B examples.

    Example b (a row of ``word2vec_examples``) has the hidden vector
    h_b = Σ_c weights[b, c] v_{inputs[b, c]}, and the loss E_b of ``negative_sampling_loss``
    with target ``outputs[b, 0]`` and noise words ``outputs[b, 1:]``. The step subtracts η
    times the gradient of the summed loss Σ_b E_b:

    - the output vector of every word of ``outputs`` moves by -η times its gradient;
    - the input vector of every word of ``inputs`` moves by -η weights[b, c] ∂E_b/∂h_b
      (the chain rule through h; for CBOW it is q2's rule -(1/C) η EH, with the
      negative-sampling EH).

    A word used more than once (twice in a context, in several examples, drawn twice as a
    noise word, or both a target and a noise word) receives the sum of its updates, as
    word2vec's example-by-example SGD would give it. Rows of words the minibatch does not
    use come back unchanged.

    Args:
        W, W_prime: (V, N) input and output matrices.
        inputs: (B, C) int input words; weights: (B, C) their weights in h.
        outputs: (B, 1 + K) int: the target of each example, then its K noise words.
        eta: learning rate η.
    Returns:
        (W_new, W_prime_new, loss): the matrices after the step (dtypes of W and W_prime;
        the trainer owns its matrices, so updating W and W_prime in place and returning
        them is allowed), and Σ_b E_b before the step, a float.
    """
    raise NotImplementedError("q3: h, the negative-sampling gradients, both updates with repeats adding up")


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

    Given: the training loop, a worked example to read; it runs the given
    ``word2vec_examples`` with your ``sample_negatives`` and ``negative_sampling_step``.
    ``model="cbow"`` predicts each word from the mean of its context; ``model="skipgram"``
    predicts each context word from the word.

    Set-up: ``rng = np.random.default_rng(seed)``; W uniform in [-0.5/dim, 0.5/dim),
    W_prime zeros (as word2vec does: all scores start at 0); the noise distribution from the
    word counts of ``ids``. Every epoch visits the examples in a new random order, in
    minibatches of ``batch_size``, each example with its own ``negatives`` noise words. A
    step subtracts the learning rate times the gradient of the *summed* loss of the
    minibatch, as word2vec's per-example SGD would; the rate decreases linearly from ``lr``
    to ``lr * 1e-4`` over the whole training.

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
        W: (V, dim) input vectors (the word embeddings), float32 (as word2vec).
        W_prime: (V, dim) output vectors, float32.
        losses: (epochs,) mean loss per example of each epoch.
    Raises:
        ValueError: an unknown model.
    """
    if model not in ("cbow", "skipgram"):
        raise ValueError(f"model must be 'cbow' or 'skipgram', got {model!r}")
    # float32 throughout, as word2vec: half the memory traffic of float64, ample precision
    rng = np.random.default_rng(seed)  # the only source of randomness
    W = ((rng.random((vocab_size, dim)) - 0.5) / dim).astype(np.float32)
    W_prime = np.zeros((vocab_size, dim), dtype=np.float32)
    noise = noise_distribution(np.bincount(ids, minlength=vocab_size))
    inputs, weights, targets = word2vec_examples(*context_windows(ids, starts, window), model)
    weights = np.asarray(weights, dtype=np.float32)
    n = len(targets)
    steps = epochs * -(-n // batch_size)
    rates = lr * (1 - (1 - 1e-4) * np.arange(steps) / max(steps, 1))
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
            W, W_prime, loss = negative_sampling_step(
                W, W_prime, ins[batch], wts[batch], outputs[batch], np.float32(rates[step])
            )
            total += loss
            step += 1
        losses[epoch] = total / n
    return W, W_prime, losses
