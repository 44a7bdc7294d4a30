"""Recurrent layers: the plain RNN, backpropagation through time and the LSTM.

Lecture sections: 循环神经网络, RNN的反向传播学习, 不同的RNNs, RNN的问题 (间隔依赖, 长期依赖),
长短期记忆网络, LSTM细胞, 使用案例: 文本生成.

Conventions (the course's layout, as in every earlier assignment):

- vectors are rows and a layer multiplies on the right, ``x @ W``; a batch of N sequences
  of T steps with D features each is an array of shape (N, T, D); hidden states are
  (N, T, H);
- ``<layer>_forward(...) -> (out, cache)`` and ``<layer>_backward(dout, cache) -> grads``,
  where ``dout`` is ∂ℓ/∂out for a scalar loss ℓ;
- every function computes in the dtype of its inputs (float64 or float32).

The lecture writes a column-vector RNN, h_t = tanh(W_1 x_t + W_2 h_{t-1}) and
o_t = σ(V h_t). With rows, the same layer is ``h_t = tanh(x_t @ W1 + h_prev @ W2 + b)``
where ``W1`` (D, H) is the transpose of the lecture's W_1 (H × D): entry ``W1[d, j]`` is
the weight from input feature d to hidden unit j; likewise ``W2[k, j]`` is the weight from
hidden unit k at step t-1 to hidden unit j at step t, and ``V[j, m]`` the weight from
hidden unit j to output m.
"""

from __future__ import annotations

import numpy as np

Cache = tuple  # what a forward pass keeps for its backward; its layout is the layer's own


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^{-z}) without overflow for any z; keeps the dtype of z."""
    half = z.dtype.type(0.5) if isinstance(z, np.ndarray) else 0.5
    return half * np.tanh(half * z) + half


# ----------------------------------------------------------------------------------------------
# Given: the RNN forward pass (循环神经网络, RNN的工作方式), a worked example to read before q2
# ----------------------------------------------------------------------------------------------


def rnn_step_forward(
    x: np.ndarray, h_prev: np.ndarray, W1: np.ndarray, W2: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, Cache]:
    """One time step of the RNN (RNN的工作方式): the lecture's h_t = tanh(W_1 x_t + W_2 h_{t-1}).

    Given: a worked example to read before q2, whose rnn_step_backward is its backward pass.

    In the course's row layout the pre-activation of the step is the input times ``W1``
    plus the previous state times ``W2`` plus the bias ``b``, ``a = x @ W1 + h_prev @ W2 + b``,
    and the new state is its tanh. Equivalently (the lecture's "把 x_t, h_{t-1} 接起来"), the
    concatenated row [x_t, h_{t-1}] times the stacked matrix [W1; W2] gives the same
    pre-activation.

    The cache keeps what the backward pass needs: ``x`` and ``h_prev`` (each product's
    gradient with respect to its weights is built from the row it multiplied), the weights
    (the gradients with respect to ``x`` and ``h_prev`` go back through them) and ``h_next``
    (the derivative of tanh can be written with its output alone, so the pre-activation
    need not be kept).

    Args:
        x: inputs at this step, shape (N, D).
        h_prev: previous hidden state h_{t-1}, shape (N, H).
        W1: input-to-hidden weights, shape (D, H) (the lecture's W_1 transposed).
        W2: hidden-to-hidden weights, shape (H, H) (the lecture's W_2 transposed).
        b: hidden bias, shape (H,).
    Returns:
        h_next: new hidden state h_t, shape (N, H), dtype of x.
        cache: exactly the tuple ``(x, h_prev, W1, W2, h_next)``; rnn_step_backward gets it
        back (the tests of q2 also build it from these five arrays).
    """
    h_next = np.tanh(x @ W1 + h_prev @ W2 + b)
    return h_next, (x, h_prev, W1, W2, h_next)


def rnn_forward(
    x: np.ndarray, h0: np.ndarray | None, W1: np.ndarray, W2: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, Cache]:
    """The RNN over whole sequences (循环神经网络): the same weights at every time step.

    Given: a worked example to read before q2, whose rnn_backward is its backward pass.

    The hidden state is carried from one step to the next along the self-connection
    (自连的边): step t uses the state of step t-1, and step 0 uses ``h0``. Every step is
    rnn_step_forward's, with one saving: the input part ``x_t @ W1 + b`` of a step does not
    depend on the other steps, so all T of them come from one product before the loop, and
    only the recurrence (the part with ``W2``) is computed step by step. The cache keeps the
    states of every step: the states before each step (``h0``, then ``h[:, :-1]``) are what
    the steps' products with ``W2`` multiplied.

    Args:
        x: input sequences, shape (N, T, D) (batch, time, features).
        h0: initial hidden state, shape (N, H); None means zeros.
        W1: shape (D, H); W2: shape (H, H); b: shape (H,).
    Returns:
        h: hidden states of every step, shape (N, T, H), dtype of x; ``h[:, t]`` is h_t.
        cache: exactly the tuple ``(x, h0, W1, W2, h)``, with the zeros actually used when
        h0 is None; rnn_backward gets it back (the tests of q2 also build it this way).
    """
    N, T, _ = x.shape
    H = W2.shape[0]
    if h0 is None:
        h0 = np.zeros((N, H), dtype=x.dtype)
    a_x = (x.reshape(N * T, -1) @ W1).reshape(N, T, H) + b  # the input part of every step
    h = np.empty((N, T, H), dtype=x.dtype)
    prev = h0
    for t in range(T):
        prev = np.tanh(a_x[:, t] + prev @ W2)
        h[:, t] = prev
    return h, (x, h0, W1, W2, h)


# ----------------------------------------------------------------------------------------------
# q1: the output layer at every step (the lecture's o_t = σ(V h_t)), forward and backward
# ----------------------------------------------------------------------------------------------


def temporal_affine_forward(
    h: np.ndarray, V: np.ndarray, c: np.ndarray
) -> tuple[np.ndarray, Cache]:
    """The output layer at every step: scores ``h_t @ V + c`` (the lecture's V h_t).

    The lecture's o_t = σ(V h_t) applies σ to these scores; with several classes σ is the
    softmax, which the given temporal_softmax_loss applies together with the cross-entropy.

    Args:
        h: hidden states, shape (N, T, H).
        V: hidden-to-output weights, shape (H, M).
        c: output bias, shape (M,).
    Returns:
        scores: shape (N, T, M), dtype of h.
        cache: exactly the tuple ``(h, V)``; temporal_affine_backward gets it back (the
        hidden tests of q1 also build it from these two arrays).
    """
    raise NotImplementedError("q1: apply the same affine map to the state of every step")


def temporal_affine_backward(
    dout: np.ndarray, cache: Cache
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of temporal_affine_forward.

    The same V and c serve every step, so every step adds its share to their gradients, as
    every example of a batch does; ``dh[:, t]`` is what reaches the state h_t from the output
    of step t (q2's rnn_backward takes it as its input ``dh``). The share of one step is this
    layer's gradient on that step alone (a time axis of length 1): the notebook uses it to
    count the steps that update V in the lecture's example.

    Args:
        dout: ∂ℓ/∂scores, shape (N, T, M).
        cache: from temporal_affine_forward.
    Returns:
        dh (N, T, H), dV (H, M), dc (M,), in the dtypes of the inputs. Check them against
        centred differences of temporal_affine_forward.
    """
    raise NotImplementedError("q1: the gradients of the affine map, summed over the batch and time")


# ----------------------------------------------------------------------------------------------
# q2: backpropagation through time (RNN的反向传播学习, BPTT)
# ----------------------------------------------------------------------------------------------


def rnn_step_backward(
    dh_next: np.ndarray, cache: Cache
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of one RNN step: of the given rnn_step_forward (read it first).

    Args:
        dh_next: ∂ℓ/∂h_t, shape (N, H).
        cache: from rnn_step_forward, the tuple ``(x, h_prev, W1, W2, h_next)``.
    Returns:
        dx (N, D), dh_prev (N, H), dW1 (D, H), dW2 (H, H), db (H,): the gradients of ℓ with
        respect to the step's inputs and parameters, in their dtypes. Check them against
        centred differences of rnn_step_forward.
    """
    raise NotImplementedError("q2: back through tanh, then through the two products and the bias")


def rnn_backward(
    dh: np.ndarray, cache: Cache, truncate: int | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backpropagation through time (BPTT, RNN的反向传播学习) for the given rnn_forward.

    ``dh[:, t]`` is the gradient that reaches h_t from outside the recurrence (from the
    loss at step t through the output layer); h_t also receives the gradient that flows
    back from step t+1. Walk the steps from last to first; every step adds its share to
    the gradients of the shared weights (the notebook counts these shares in the lecture's
    example, where W2 is updated twice and W1 three times).

    Truncated BPTT: with ``truncate=k`` the sequence is cut into chunks of k steps
    (0..k-1, k..2k-1, ...) and no gradient flows from a chunk into the previous one, as
    when a PyTorch loop detaches the hidden state every k steps; ``dh0`` then comes from
    the first chunk only. ``truncate=None`` is full BPTT.

    Args:
        dh: ∂ℓ/∂h from outside the recurrence, shape (N, T, H).
        cache: from rnn_forward, the tuple ``(x, h0, W1, W2, h)``.
        truncate: chunk length k >= 1 of truncated BPTT, or None.
    Returns:
        dx (N, T, D), dh0 (N, H), dW1 (D, H), dW2 (H, H), db (H,), in the dtypes of the
        inputs. Check them against centred differences of rnn_forward.
    """
    raise NotImplementedError("q2: walk t from T-1 down to 0 carrying the state gradient; cut at chunks")


def clip_grad_norm(grads: list[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """Gradient clipping by global norm, as ``torch.nn.utils.clip_grad_norm_`` does it.

    Given: read it before the written question on clipping. The global norm is the
    Euclidean norm of all gradients taken together as one vector (summed in float64, so
    that float32 gradients of any size cannot overflow it). When it exceeds ``max_norm``
    every gradient is scaled by the same factor max_norm / (norm + 1e-6) (PyTorch's small
    constant), which keeps the direction of the update; otherwise the gradients are
    returned unchanged (a factor of 1).

    Args:
        grads: gradient arrays of any shapes.
        max_norm: the largest global norm allowed, > 0.
    Returns:
        clipped: new arrays (the inputs are left as they are), shapes and dtypes of grads.
        norm: the global norm before clipping, a float.
    """
    norm = float(np.sqrt(sum(float(np.sum(np.square(g, dtype=np.float64))) for g in grads)))
    scale = min(1.0, max_norm / (norm + 1e-6))
    return [(g * g.dtype.type(scale)).astype(g.dtype) for g in grads], norm


# ----------------------------------------------------------------------------------------------
# q3: the LSTM (长短期记忆网络, LSTM细胞)
# ----------------------------------------------------------------------------------------------


def lstm_step_forward(
    x: np.ndarray,
    s_prev: np.ndarray,
    c_prev: np.ndarray,
    U: np.ndarray,
    W: np.ndarray,
    b: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, Cache]:
    """One step of the LSTM cell, exactly the lecture's equations (LSTM细胞), plus a bias.

    The four gates share one product: ``U`` (D, 4H) holds the lecture's U^i, U^f, U^o, U^g
    side by side in that order (columns 0:H, H:2H, 2H:3H, 3H:4H), and so do ``W`` (H, 4H)
    and ``b`` (4H,). The input gate i (输入门), forget gate f (遗忘门) and output gate o
    (输出门) are sigmoids of their blocks of the pre-activation, the candidate g ("候选"
    隐藏状态) is the tanh of its block; the cell memory (细胞内存) c_t keeps the part f of
    c_{t-1} and adds the part i of g; the hidden state s_t is tanh(c_t) let through by o.

    Beware: ``torch.nn.LSTM`` stacks its gates in the order i, f, g, o, not i, f, o, g.

    Args:
        x: inputs, shape (N, D).
        s_prev: previous hidden state s_{t-1}, shape (N, H).
        c_prev: previous cell memory c_{t-1}, shape (N, H).
        U: shape (D, 4H); W: shape (H, 4H); b: shape (4H,); blocks in the order i, f, o, g.
    Returns:
        s: new hidden state, shape (N, H); c: new cell memory, shape (N, H); dtype of x.
        cache: what lstm_step_backward needs (your choice of layout: only your
        lstm_step_backward reads it; the given lstm_forward keeps one per step and the
        given lstm_backward hands each back to it).
    """
    raise NotImplementedError("q3: the four gates from one pre-activation, then the new memory and state")


def lstm_step_backward(
    ds: np.ndarray, dc: np.ndarray, cache: Cache
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of one LSTM step; the given lstm_backward calls it at every step.

    Args:
        ds: ∂ℓ/∂s_t, shape (N, H).
        dc: ∂ℓ/∂c_t from outside this step's output (from step t+1), shape (N, H).
        cache: from lstm_step_forward.
    Returns:
        dx (N, D), ds_prev (N, H), dc_prev (N, H), dU (D, 4H), dW (H, 4H), db (4H,), in the
        dtypes of the inputs. Check them against centred differences of lstm_step_forward
        (with the loss sum(ds * s) + sum(dc * c), whose gradients are ds and dc).
    """
    raise NotImplementedError("q3: back through s = tanh(c)·o, then c = c_prev·f + g·i, then the gates")


def lstm_forward(
    x: np.ndarray,
    s0: np.ndarray | None,
    c0: np.ndarray | None,
    U: np.ndarray,
    W: np.ndarray,
    b: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, list[Cache]]:
    """The LSTM over whole sequences (长短期记忆网络), the same weights at every step.

    Given: a worked example, like rnn_forward, built on your lstm_step_forward. Step t takes
    the state and memory that step t-1 produced (``s0`` and ``c0`` at t = 0) and keeps its
    cache; the cache of the sequence is the list of these step caches, in time order, so
    that lstm_backward can walk them back.

    Args:
        x: input sequences, shape (N, T, D).
        s0, c0: initial hidden state and cell memory, shape (N, H); None means zeros.
        U: (D, 4H); W: (H, 4H); b: (4H,); gate blocks in the order i, f, o, g.
    Returns:
        s: hidden states of every step, shape (N, T, H); c: cell memories, shape (N, T, H);
        dtype of x.
        cache: the list of the T caches of lstm_step_forward; ``cache[t]`` is step t's.
    """
    N, T, _ = x.shape
    H = W.shape[0]
    s_t = np.zeros((N, H), dtype=x.dtype) if s0 is None else s0
    c_t = np.zeros((N, H), dtype=x.dtype) if c0 is None else c0
    s = np.empty((N, T, H), dtype=x.dtype)
    c = np.empty((N, T, H), dtype=x.dtype)
    cache = []
    for t in range(T):
        s_t, c_t, step_cache = lstm_step_forward(x[:, t], s_t, c_t, U, W, b)
        s[:, t], c[:, t] = s_t, c_t
        cache.append(step_cache)
    return s, c, cache


def lstm_backward(
    ds: np.ndarray, cache: list[Cache]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backpropagation through time for the given lstm_forward.

    Given: a worked example, like lstm_forward, built on your lstm_step_backward; read it
    next to your rnn_backward. It is the same walk from the last step to the first, with
    two gradients carried back instead of one: step t+1 sends a gradient back to s_t and
    one to c_t (nothing at the last step). s_t also receives ``ds[:, t]`` from outside the
    recurrence; c_t receives nothing else from outside (the loss reaches the memory through
    s_t, which is your lstm_step_backward's part). After step 0 the two carried gradients
    are those of s0 and c0. Every step adds its share to the gradients of the shared U, W
    and b.

    Args:
        ds: ∂ℓ/∂s from outside the recurrence, shape (N, T, H).
        cache: from lstm_forward, the list of the step caches.
    Returns:
        dx (N, T, D), ds0 (N, H), dc0 (N, H), dU (D, 4H), dW (H, 4H), db (4H,), in the dtypes
        of the inputs (right when your lstm_step_forward and lstm_step_backward are).
    """
    N, T, H = ds.shape
    ds_next = np.zeros((N, H), dtype=ds.dtype)  # what step t+1 sends back to s_t
    dc_next = np.zeros_like(ds_next)  # and to c_t
    dx, dU, dW, db = [None] * T, 0, 0, 0
    for t in reversed(range(T)):
        dx[t], ds_next, dc_next, dU_t, dW_t, db_t = lstm_step_backward(
            ds[:, t] + ds_next, dc_next, cache[t]
        )
        dU, dW, db = dU + dU_t, dW + dW_t, db + db_t
    return np.stack(dx, axis=1), ds_next, dc_next, dU, dW, db


# ----------------------------------------------------------------------------------------------
# q4: gradients over a gap (RNN的问题: 间隔依赖, 长期依赖)
# ----------------------------------------------------------------------------------------------


def rnn_gap_gradients(h: np.ndarray, W2: np.ndarray, dh_last: np.ndarray) -> np.ndarray:
    """How much of a last-step gradient reaches each earlier RNN state (长期依赖).

    Set-up: an RNN has run over T steps and produced the states ``h`` (as rnn_forward
    does); a loss ℓ depends on the last state only, with ∂ℓ/∂h_{T-1} = ``dh_last``.
    Through the recurrence h_t = tanh(x_t @ W1 + h_{t-1} @ W2 + b), with the inputs held
    fixed, ℓ depends on every earlier state. Return, for each gap k = 0..T-1, the norm of
    ∂ℓ/∂h_{T-1-k} (the Frobenius norm over the batch and the hidden units). Entry 0 is
    the norm of ``dh_last`` itself; each further step back multiplies by one more Jacobian
    ∂h_t/∂h_{t-1}.

    Args:
        h: hidden states, shape (N, T, H).
        W2: hidden-to-hidden weights, shape (H, H).
        dh_last: ∂ℓ/∂h_{T-1}, shape (N, H).
    Returns:
        norms: shape (T,), float64; norms[k] = ‖∂ℓ/∂h_{T-1-k}‖.
    """
    raise NotImplementedError("q4: step the state gradient back one Jacobian at a time and record its norm")


def lstm_gap_gradients(f: np.ndarray, dc_last: np.ndarray) -> np.ndarray:
    """How much of a last-step gradient reaches each earlier LSTM cell memory (细胞内存).

    Set-up: an LSTM has run over T steps; ``f[:, t]`` is the forget gate (遗忘门) of step t.
    A loss ℓ has ∂ℓ/∂c_{T-1} = ``dc_last``. Follow the gradient back along the memory
    path only, c_{t-1} → c_t = c_{t-1} ∘ f_t + g_t ∘ i_t (the path that makes the LSTM
    different from the plain RNN), and return for each gap k = 0..T-1 the norm of the part
    of ∂ℓ/∂c_{T-1-k} that travelled along this path.

    Args:
        f: forget gates, shape (N, T, H), values in (0, 1).
        dc_last: ∂ℓ/∂c_{T-1}, shape (N, H).
    Returns:
        norms: shape (T,), float64; norms[0] = ‖dc_last‖.
    """
    raise NotImplementedError("q4: step the memory gradient back through each forget gate and record its norm")


# ----------------------------------------------------------------------------------------------
# q5: sequence models in use (不同的RNNs, 使用案例: 语言模型, 文本生成)
# ----------------------------------------------------------------------------------------------


def temporal_softmax_loss(scores: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Softmax cross-entropy at every step, averaged over all N·T predictions.

    Given: assignment 3's softmax cross-entropy, applied at every step; read it before the
    models below, which use it. This is the σ of the lecture's o_t = σ(V h_t) for several
    classes, together with the loss: the average of -log softmax(scores[n, t])[y[n, t]]
    over n and t, in nats per prediction (the unit of an entropy rate). Subtracting each
    row's largest score before the exponential keeps it finite for scores of any size. The
    gradient of -log softmax(z)[y] with respect to z is softmax(z) minus the one-hot code
    of y; the mean over the N·T predictions divides it by N·T.

    Args:
        scores: shape (N, T, M).
        y: target classes, integers in [0, M), shape (N, T).
    Returns:
        loss: a float.
        dscores: ∂loss/∂scores, shape (N, T, M), dtype of scores.
    """
    N, T, M = scores.shape
    shifted = scores - scores.max(axis=2, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=2, keepdims=True))
    n, t = np.indices((N, T))
    loss = -float(log_p[n, t, y].mean(dtype=np.float64))
    dscores = np.exp(log_p)
    dscores[n, t, y] -= 1
    dscores /= N * T
    return loss, dscores


def sample_with_temperature(
    logits: np.ndarray, temperature: float, seed: int | None = None
) -> np.ndarray:
    """Draw one class per row from softmax(logits / temperature) (文本生成).

    Low temperatures sharpen the distribution (temperature → 0 is the argmax, which this
    function returns exactly for ``temperature == 0``), high ones flatten it. The draws
    come from ``np.random.default_rng(seed)``, so the same seed gives the same samples.
    It must stay finite for any temperature > 0.

    Args:
        logits: unnormalised log-probabilities, shape (N, M).
        temperature: >= 0.
        seed: seed of the generator.
    Returns:
        ids: shape (N,), integers in [0, M).
    """
    raise NotImplementedError("q5: argmax at temperature 0, else one draw per row from the tempered softmax")


def one_hot(ids: np.ndarray, size: int, dtype: type = np.float64) -> np.ndarray:
    """(..., size) one-hot rows for integer ids of any shape."""
    return np.eye(size, dtype=dtype)[ids]


def many_to_one_loss(
    params: dict[str, np.ndarray], x: np.ndarray, y: np.ndarray
) -> tuple[float, dict[str, np.ndarray]]:
    """A many-to-one classifier (不同的RNNs: 文本分类): one label per sequence.

    Given: a worked example of a model built from the layers; read it before writing
    char_lm_loss, the many-to-many model. An RNN (rnn_forward, h0 = 0) reads the whole
    sequence; the output layer (temporal_affine_forward) turns the state of the last step
    only into class scores (a time axis of length 1, so that the layer and the loss of
    every step serve); the loss is the softmax cross-entropy averaged over the N sequences.
    Backward, the same way back: the loss reaches the RNN at its last state only, so the
    gradient ``dh`` that rnn_backward receives is zero at every other step, and BPTT carries
    it back to the earlier steps.

    Args:
        params: "W1" (D, H), "W2" (H, H), "b" (H,), "V" (H, M), "c" (M,).
        x: input sequences, shape (N, T, D).
        y: classes, shape (N,).
    Returns:
        loss: a float; grads: a dict with the keys and shapes of params.
    """
    W1, W2, b, V, c = (params[key] for key in ("W1", "W2", "b", "V", "c"))
    h, rnn_cache = rnn_forward(x, None, W1, W2, b)
    scores, out_cache = temporal_affine_forward(h[:, -1:], V, c)  # the last state only
    loss, dscores = temporal_softmax_loss(scores, y[:, None])
    dh_last, dV, dc = temporal_affine_backward(dscores, out_cache)
    dh = np.zeros_like(h)
    dh[:, -1:] = dh_last
    dW1, dW2, db = rnn_backward(dh, rnn_cache)[2:]
    return loss, dict(W1=dW1, W2=dW2, b=db, V=dV, c=dc)


def char_lm_loss(
    params: dict[str, np.ndarray], ids: np.ndarray
) -> tuple[float, dict[str, np.ndarray]]:
    """A character-level language model (使用案例: 语言模型): predict each next character.

    Many-to-many: build it as the given many_to_one_loss is built, with a prediction at
    every step. Every sequence ``ids[n]`` of T+1 character ids gives T predictions: the RNN
    (rnn_forward, h0 = 0) reads the one-hot codes of characters 0..T-1, the output layer
    turns every state into scores over the vocabulary, and the target at step t is
    character t+1. The loss is temporal_softmax_loss of these scores (nats per character).

    Args:
        params: "W1" (M, H), "W2" (H, H), "b" (H,), "V" (H, M), "c" (M,), M the vocabulary.
        ids: integer character ids, shape (N, T + 1).
    Returns:
        loss: a float; grads: a dict with the keys and shapes of params.
    """
    raise NotImplementedError("q5: one-hot inputs, rnn, scores, loss against the next ids; then backward")


def init_rnn_params(
    input_size: int, hidden_size: int, output_size: int, seed: int = 0
) -> dict[str, np.ndarray]:
    """Small random weights (variance 1/fan-in) and zero biases for the models above."""
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.standard_normal((input_size, hidden_size)) / np.sqrt(input_size),
        "W2": rng.standard_normal((hidden_size, hidden_size)) / np.sqrt(hidden_size),
        "b": np.zeros(hidden_size),
        "V": rng.standard_normal((hidden_size, output_size)) / np.sqrt(hidden_size),
        "c": np.zeros(output_size),
    }


def train_char_lm(
    ids: np.ndarray,
    vocab_size: int,
    hidden_size: int = 32,
    steps: int = 300,
    seq_len: int = 24,
    batch_size: int = 32,
    lr: float = 1e-2,
    seed: int = 0,
) -> tuple[dict[str, np.ndarray], list[float]]:
    """Train char_lm_loss's model with Adam on random windows of a long text.

    Args:
        ids: the training text as character ids, shape (L,).
        vocab_size: M.
        hidden_size, steps, seq_len, batch_size, lr: the model's size and the budget.
        seed: seeds the initial weights and the choice of windows.
    Returns:
        params: the trained weights; losses: the training loss of every step.
    """
    rng = np.random.default_rng(seed)
    params = init_rnn_params(vocab_size, hidden_size, vocab_size, seed)
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    offsets = np.arange(seq_len + 1)
    losses = []
    for step in range(1, steps + 1):
        starts = rng.integers(0, len(ids) - seq_len - 1, size=batch_size)
        loss, grads = char_lm_loss(params, ids[starts[:, None] + offsets])
        losses.append(loss)
        for k, g in grads.items():
            m, v = moments[k]
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            m_hat = m / (1 - beta1**step)
            v_hat = v / (1 - beta2**step)
            params[k] = params[k] - lr * m_hat / (np.sqrt(v_hat) + eps)
    return params, losses


def generate(
    params: dict[str, np.ndarray], start: int, length: int, temperature: float, seed: int = 0
) -> np.ndarray:
    """Sample ``length`` character ids from char_lm_loss's model, one step at a time (文本生成).

    Each sampled character is fed back as the next input; the draws use
    sample_with_temperature with seeds derived from ``seed``.
    """
    M = params["W1"].shape[0]
    h = np.zeros((1, params["W2"].shape[0]), dtype=params["W1"].dtype)
    ids = [start]
    for k in range(length):
        x = one_hot(np.array([ids[-1]]), M, params["W1"].dtype)
        h, _ = rnn_step_forward(x, h, params["W1"], params["W2"], params["b"])
        logits = h @ params["V"] + params["c"]
        ids.append(int(sample_with_temperature(logits, temperature, seed=seed * 100003 + k)[0]))
    return np.array(ids[1:])
