"""Language models: n-grams with add-k smoothing and Elman's RNN language model
(神经语言模型, 基于RNN的语言模型).

A language model gives P(w_t | w_1 ... w_{t-1}). Its quality on held-out text is the
perplexity exp(-(1/T) Σ_t log P(w_t | history)): the number of equally likely words the
model is, on average, choosing between. A model that knows the true source reaches
exp(entropy rate) and no model does better (``nnkit.markov``).

- The n-gram model (N-gram模型) keeps only the last n-1 words: P(w_t | w_{t-n+1}^{t-1}).
- The RNN language model keeps a state s(t) that summarises the whole history, so it is
  not limited to a fixed context length (前馈神经网络的局限性：必须固定上下文长度).

Word ids are 0..V-1. A context of n-1 words (oldest first) has the index
Σ_i w_i V^(n-2-i), the number whose base-V digits are the words, the oldest the most
significant (as ``nnkit.markov.MarkovSource.context_index``).

The n-gram model is given, to read: it is the baseline the RNN language model is compared
with. The RNN language model's forward pass, its backpropagation through time and its
trainer are given too (assignment 7's BPTT with an embedding lookup at the input and a
softmax at every step); you write its perplexity on a text, scored on the words you choose
so that it can be compared with an n-gram model's.
"""

from __future__ import annotations

import numpy as np

# ----------------------------------------------------------------------------------------------
# n-gram model (N-gram模型)
# ----------------------------------------------------------------------------------------------


def _check_corpus(ids: np.ndarray, vocab_size: int, n: int) -> np.ndarray:
    ids = np.asarray(ids)
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    if ids.ndim != 1 or ids.dtype.kind not in "iu":
        raise ValueError("ids must be a 1-D array of integer word ids")
    if len(ids) < n:
        raise ValueError(f"ids has {len(ids)} words; an {n}-gram needs at least {n}")
    if ids.min() < 0 or ids.max() >= vocab_size:
        raise ValueError(f"ids holds ids outside 0..{vocab_size - 1}")
    return ids.astype(np.int64)


def _context_indices(ids: np.ndarray, n: int, V: int) -> np.ndarray:
    """The index of the n-1 words before each predicted word w_t, t = n-1..T-1: the number
    whose base-V digits are those words, the oldest the most significant (the module's
    convention). (T-n+1,) int64; all zeros for n = 1 (one context, the empty one)."""
    context = np.zeros(len(ids) - n + 1, dtype=np.int64)
    for i in range(n - 1):  # Horner's rule: shift in one word, oldest first
        context = context * V + ids[i : len(ids) - n + 1 + i]
    return context


def ngram_probabilities(ids: np.ndarray, n: int, vocab_size: int, k: float = 1.0) -> np.ndarray:
    """Estimate an n-gram model with add-k smoothing.

    Given: a worked example to read (the RNN language model of this question is compared
    with it). With c(h, w) the number of times word w follows the context h (the n-1 words
    before it) in ``ids``, and c(h) = Σ_w c(h, w):

        P(w | h) = (c(h, w) + k) / (c(h) + k V).

    All (context, word) pairs are counted at once: the pair's index ``h * V + w`` is a
    position in a table of V**(n-1) * V counts, which ``np.bincount`` fills, and reshaping
    it gives one row per context. k = 0 gives the maximum-likelihood estimate; a context
    never seen then gets the uniform row 1/V (no division by zero). For n = 1 there is one
    context, the empty one. Example: ids [0, 1, 0, 1, 1] with n = 2, V = 2 has the pairs
    0→1 twice, 1→0 once and 1→1 once, so k = 0 gives the rows [0, 1] and [1/2, 1/2], and
    k = 1 gives [1/4, 3/4] and [2/4, 2/4].

    Args:
        ids: (T,) int word ids, T >= n.
        n: order of the model (2 for bigrams).
        vocab_size: V.
        k: pseudo-count added to every (context, word) pair, >= 0.
    Returns:
        (V**(n-1), V) float64; row h is P(. | context h), each row sums to 1.
    Raises:
        ValueError: n < 1, k < 0, T < n or an id outside 0..V-1.
    """
    ids = _check_corpus(ids, vocab_size, n)
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    V = vocab_size
    pairs = _context_indices(ids, n, V) * V + ids[n - 1 :]
    counts = np.bincount(pairs, minlength=V ** (n - 1) * V)
    counts = counts.reshape(V ** (n - 1), V).astype(np.float64) + k
    totals = counts.sum(axis=1, keepdims=True)
    return np.where(totals > 0, counts / np.where(totals > 0, totals, 1), 1.0 / V)


def ngram_perplexity(table: np.ndarray, ids: np.ndarray, n: int) -> float:
    """Perplexity of an n-gram model on a text.

    Given: a worked example to read. Every word from position n-1 on is predicted from the
    n-1 words before it:
    exp(-(1/(T-n+1)) Σ_{t=n-1}^{T-1} log P(w_t | w_{t-n+1} ... w_{t-1})), one row lookup
    and one column lookup per word. Checks: a table of uniform rows gives V on any text;
    the true model of a Markov source gives about exp(entropy rate), and nothing does
    better on long texts.

    Args:
        table: (V**(n-1), V) conditional probabilities, as ngram_probabilities returns.
        ids: (T,) int word ids, T >= n.
        n: order of the model.
    Returns:
        the perplexity, a float >= 1 (inf when a word the model gives probability 0 occurs).
    Raises:
        ValueError: a table whose shape is not (V**(n-1), V), or bad ids.
    """
    table = np.asarray(table, dtype=np.float64)
    V = table.shape[-1]
    if table.ndim != 2 or table.shape[0] != V ** (n - 1):
        raise ValueError(f"table has shape {table.shape}, expected {(V ** (n - 1), V)}")
    ids = _check_corpus(ids, V, n)
    p = table[_context_indices(ids, n, V), ids[n - 1 :]]
    with np.errstate(divide="ignore"):  # P = 0 gives log 0 = -inf: perplexity inf
        return float(np.exp(-np.mean(np.log(p))))


# ----------------------------------------------------------------------------------------------
# Elman's RNN language model (基于RNN的语言模型)
# ----------------------------------------------------------------------------------------------


def rnn_lm_forward(
    E: np.ndarray,
    U: np.ndarray,
    V: np.ndarray,
    inputs: np.ndarray,
    targets: np.ndarray,
    s0: np.ndarray,
) -> tuple[float, np.ndarray, tuple]:
    """Forward pass of the lecture's RNN language model over B sequences of T steps.

    Given: a worked example to read before writing rnn_lm_backward, its backward pass.

    At each step t, for every sequence:

        x(t) = [w(t), s(t-1)]              the embedding of the current word, then the state
        s_j(t) = f(Σ_i x_i(t) u_{ji})      f the sigmoid 1 / (1 + e^{-z})
        y_k(t) = g(Σ_j s_j(t) v_{kj})      g the softmax over the vocabulary

    where w(t) = ``E[inputs[:, t]]`` and s(-1) = ``s0``; y(t) is the predicted distribution of
    the next word, and the loss is the mean cross-entropy -log y_{targets[b, t]}(t) over all
    B·T predictions. No biases, as in the lecture. Both f and g stay finite for
    pre-activations of any size: the sigmoid is written exp(-log(1 + e^{-a})) with
    ``np.logaddexp``, and the softmax subtracts each row's largest score before the
    exponential and works with log y until the loss is taken.

    Args:
        E: (V_words, m) word embeddings.
        U: (H, m + H) hidden weights u_{ji}; columns 0..m-1 act on w(t), the rest on s(t-1).
        V: (V_words, H) output weights v_{kj}.
        inputs: (B, T) int current words; targets: (B, T) int next words.
        s0: (B, H) state before the first step.
    Returns:
        loss: the mean cross-entropy, a float.
        s_last: (B, H) the state after the last step (to carry into the next segment).
        cache: exactly the tuple ``(E, U, V, inputs, targets, s0, xs, states, probs)``: the
        arguments, then three lists of T arrays, one per step: ``xs[t]`` = x(t), (B, m + H);
        ``states[t]`` = s(t), (B, H); ``probs[t]`` = y(t), (B, V_words). rnn_lm_backward
        gets it back (the tests of q5 build it with this function).
    """
    B, T = inputs.shape
    s = s0
    xs, states, probs = [], [], []
    loss = 0.0
    rows = np.arange(B)
    for t in range(T):
        x = np.concatenate([E[inputs[:, t]], s], axis=1)
        a = x @ U.T
        s = np.exp(-np.logaddexp(0, -a))  # sigmoid without overflow
        z = s @ V.T
        z = z - z.max(axis=1, keepdims=True)
        log_y = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss -= log_y[rows, targets[:, t]].sum()
        xs.append(x)
        states.append(s)
        probs.append(np.exp(log_y))
    cache = (E, U, V, inputs, targets, s0, xs, states, probs)
    return float(loss / (B * T)), s, cache


def rnn_lm_backward(cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backpropagation through time (BPTT) of the mean loss of rnn_lm_forward.

    Given: a worked example to read. It is assignment 7's rnn_backward with three changes,
    each one line or two of the walk below:

    - the output: every step has its own softmax and cross-entropy, so the error at the
      scores of step t is y(t) minus the one-hot row of its target (as CBOW's e = y - t),
      divided by B·T because the loss is a mean over all B·T predictions; with s(t) it
      gives V's share, and through V it reaches s(t);
    - the state: the error at s(t) is what y(t) sends back plus what s(t+1) sent back
      (nothing at the last step), and the derivative of the sigmoid is f' = f (1 - f), a
      function of s(t) (tanh's was 1 - s²); one matrix U acts on x(t) = [w(t), s(t-1)], so
      its share is the error at the pre-activation times x(t);
    - the input: the error at x(t) splits in two. Its last H columns go to s(t-1), which
      the next step of the walk (or ds0) receives; its first m columns are the error at
      the word vector w(t) = E[inputs[:, t]], and a row lookup sends it back to the rows it
      read: ``np.add.at`` adds it to row inputs[b, t] for every sequence b, so a word read
      several times (by one sequence, or by several at the same step) gets the sum of its
      gradients, as repeated context words did in CBOW's update. The neural language model
      learns its word vectors and its probability function together
      (同时学习词特征向量和概率函数的参数).

    The course's tests check it against PyTorch's autograd; centred differences of
    rnn_lm_forward's loss agree too. The cache is not modified.

    Args:
        cache: from rnn_lm_forward, in the layout its docstring gives.
    Returns:
        dE, dU, dV, ds0: gradients of the mean loss, shapes of E, U, V, s0; rows of dE of
        words never read are 0.
    """
    E, U, V, inputs, targets, s0, xs, states, probs = cache
    B, T = inputs.shape
    m = E.shape[1]
    scale = 1.0 / (B * T)
    dE, dU, dV = np.zeros_like(E), np.zeros_like(U), np.zeros_like(V)
    ds_next = np.zeros_like(s0)
    rows = np.arange(B)
    for t in reversed(range(T)):
        dz = probs[t].copy()  # a copy: the cache's y(t) stays as it was
        dz[rows, targets[:, t]] -= 1
        dz *= scale
        s = states[t]
        dV += dz.T @ s
        ds = dz @ V + ds_next
        da = ds * s * (1 - s)
        dU += da.T @ xs[t]
        dx = da @ U
        np.add.at(dE, inputs[:, t], dx[:, :m])
        ds_next = dx[:, m:]
    return dE, dU, dV, ds_next


def init_rnn_lm(vocab_size: int, embed_dim: int, hidden: int, seed: int = 0) -> dict:
    """Parameters E, U, V of the RNN language model, small random values (a seeded
    normal scaled by 1/sqrt(fan-in))."""
    rng = np.random.default_rng(seed)
    return {
        "E": rng.standard_normal((vocab_size, embed_dim)),
        "U": rng.standard_normal((hidden, embed_dim + hidden)) / np.sqrt(embed_dim + hidden),
        "V": rng.standard_normal((vocab_size, hidden)) / np.sqrt(hidden),
    }


def rnn_lm_perplexity(params: dict, ids: np.ndarray, start: int = 1, seq_len: int = 100) -> float:
    """Perplexity of the RNN language model on the words ``ids[start:]``, each predicted
    from every word before it.

    By the chain rule a text's probability is the product of the next-word probabilities,
    log P(w_0 ... w_{T-1}) = log P(w_0) + Σ_{t>=1} log P(w_t | w_0 ... w_{t-1}), and the
    RNN gives every factor after the first: reading w_0 ... w_{t-1} from the zero state, its
    y(t-1) is the distribution of w_t (用词向量表达单词序列的联合概率函数). The perplexity is
    exp of the mean of -log P(w_t | w_0 ... w_{t-1}) over the scored words t = start..T-1.

    - The scored words: ngram_perplexity with an n-gram model scores the words from n-1
      on; ``start = n - 1`` scores the same words, so that the two perplexities compare
      models, not texts. The words before ``start`` are read (they are the history of the
      first scored word) but not scored.
    - Segments: the given forward keeps every step's x(t), s(t) and y(t) in its cache, too
      much for a long text, so read the text ``seq_len`` predictions at a time (B = 1),
      each segment starting from the state the previous one ended with (the zero state for
      the first), as the given trainer carries its state. The state summarises the whole
      history, so the result does not depend on ``seq_len``: a check you can run.
    - The losses: the forward returns a segment's mean loss, but the cache's y(t) gives
      each prediction's own -log y_{w_{t+1}}(t), which is what the scored words need.

    Check it: with V = 0 every y(t) is uniform, so the perplexity is the vocabulary size
    for any start and seq_len; for start = 1 and seq_len >= T - 1 it is exp of the loss
    of one forward over the whole text.

    Args:
        params: "E" (V_words, m), "U" (H, m + H), "V" (V_words, H), as init_rnn_lm gives.
        ids: (T,) int word ids, T >= 2.
        start: the first scored word, 1 <= start <= T - 1.
        seq_len: the most predictions one forward makes, >= 1.
    Returns:
        the perplexity, a float >= 1.
    Raises:
        ValueError: start or seq_len out of range.
    """
    ids = np.asarray(ids, dtype=np.int64)
    if not 1 <= start <= len(ids) - 1 or seq_len < 1:
        raise ValueError(f"need 1 <= start <= {len(ids) - 1} and seq_len >= 1")
    raise NotImplementedError("q5: carry the state over segments; mean -log y of the next words from start on")


def train_rnn_lm(
    ids: np.ndarray,
    vocab_size: int,
    embed_dim: int = 8,
    hidden: int = 32,
    seq_len: int = 20,
    batch: int = 16,
    epochs: int = 3,
    lr: float = 0.01,
    seed: int = 0,
) -> tuple[dict, np.ndarray]:
    """Train the RNN language model with truncated BPTT and Adam.

    The text is cut into ``batch`` streams read side by side, ``seq_len`` words at a time;
    the state is carried from one segment to the next (and not backpropagated through),
    and reset to zero at the start of every epoch. Gradients are clipped to norm 5.

    Returns:
        params: dict with E, U, V.
        losses: (steps,) training loss of every step.
    """
    params = init_rnn_lm(vocab_size, embed_dim, hidden, seed)
    ids = np.asarray(ids, dtype=np.int64)
    per_stream = (len(ids) - 1) // batch
    streams = ids[: per_stream * batch + 1]
    inputs = np.stack([streams[i * per_stream : (i + 1) * per_stream] for i in range(batch)])
    targets = np.stack(
        [streams[i * per_stream + 1 : (i + 1) * per_stream + 1] for i in range(batch)]
    )
    names = ("E", "U", "V")
    first = {k: np.zeros_like(params[k]) for k in names}
    second = {k: np.zeros_like(params[k]) for k in names}
    losses, step = [], 0
    for _ in range(epochs):
        s = np.zeros((batch, hidden))
        for begin in range(0, per_stream - seq_len + 1, seq_len):
            window = slice(begin, begin + seq_len)
            loss, s, cache = rnn_lm_forward(
                params["E"], params["U"], params["V"], inputs[:, window], targets[:, window], s
            )
            grads = dict(zip(names, rnn_lm_backward(cache)[:3]))
            norm = np.sqrt(sum(float((g**2).sum()) for g in grads.values()))
            clip = min(1.0, 5.0 / max(norm, 1e-12))
            step += 1
            for k in names:
                g = grads[k] * clip
                first[k] = 0.9 * first[k] + 0.1 * g
                second[k] = 0.999 * second[k] + 0.001 * g**2
                m_hat = first[k] / (1 - 0.9**step)
                v_hat = second[k] / (1 - 0.999**step)
                params[k] = params[k] - lr * m_hat / (np.sqrt(v_hat) + 1e-8)
            losses.append(loss)
    return params, np.array(losses)
