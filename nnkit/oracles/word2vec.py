"""Word embeddings and language models of assignment 8."""

from __future__ import annotations

import numpy as np

from .core import torch_vjp


def _cbow_scores(torch, W, W_prime, context):
    """u = W' h with h the mean of the context words' input vectors, (B, V)."""
    return W[torch.as_tensor(context)].mean(dim=1) @ W_prime.T


def torch_cbow_hidden(W: np.ndarray, context: np.ndarray) -> np.ndarray:
    """CBOW's hidden layer (连续词袋(CBOW)模型): the mean of the rows W[w] of the context
    words, (B, N) for W (V, N) and integer ``context`` (B, C)."""
    import torch

    ctx = torch.as_tensor(context)
    return torch_vjp(lambda w: w[ctx].mean(dim=1), (W,))


def torch_cbow(
    W: np.ndarray, W_prime: np.ndarray, context: np.ndarray, target: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CBOW's forward pass with the full softmax.

    Args:
        W: input vectors (V, N); W_prime: output vectors (V, N).
        context: integer context words (B, C); target: integer target words (B,).

    Returns:
        ``(E, h, y)``: the loss of each example (B,), the hidden layer (B, N) and the
        softmax output (B, V).
    """
    import torch
    import torch.nn.functional as F

    tgt = torch.as_tensor(target)
    h = torch_cbow_hidden(W, context)
    E = torch_vjp(
        lambda w, wp: F.cross_entropy(_cbow_scores(torch, w, wp, context), tgt, reduction="none"),
        (W, W_prime),
    )
    y = torch_vjp(
        lambda w, wp: torch.softmax(_cbow_scores(torch, w, wp, context), dim=1), (W, W_prime)
    )
    return E, h, y


def torch_cbow_signals(
    W: np.ndarray, W_prime: np.ndarray, context: np.ndarray, target: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The lecture's error signals of CBOW (梯度更新), by autograd.

    Arguments as for ``torch_cbow``.

    Returns:
        ``(h, y, e, EH)``: the hidden layer (B, N), the softmax output (B, V) of the scores
        u = h W'ᵀ, e = dE/du (B, V) and EH = dE/dh (B, N), E_b the loss of example b.
    """
    import torch
    import torch.nn.functional as F

    tgt = torch.as_tensor(target)
    h = torch_cbow_hidden(W, context)
    u = h @ W_prime.T
    y = torch_vjp(lambda s: torch.softmax(s, dim=1), (u,))
    ones = np.ones(len(target), dtype=W.dtype)
    _, (e,) = torch_vjp(lambda s: F.cross_entropy(s, tgt, reduction="none"), (u,), ones)
    _, (EH, _) = torch_vjp(
        lambda hh, wp: F.cross_entropy(hh @ wp.T, tgt, reduction="none"), (h, W_prime), ones
    )
    return h, y, e, EH


def torch_cbow_gradients(
    W: np.ndarray, W_prime: np.ndarray, context: np.ndarray, target: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """dE/dW (V, N) and dE/dW' (V, N) of CBOW's summed loss Σ_b E_b, by autograd.

    Arguments as for ``torch_cbow``."""
    import torch
    import torch.nn.functional as F

    tgt = torch.as_tensor(target)
    _, (dW, dW_prime) = torch_vjp(
        lambda w, wp: F.cross_entropy(_cbow_scores(torch, w, wp, context), tgt, reduction="sum"),
        (W, W_prime),
        np.array(1.0, dtype=W.dtype),
    )
    return dW, dW_prime


def torch_negative_sampling(
    h: np.ndarray, vecs: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Negative-sampling loss (负采样) E = −log σ(v'_o·h) − Σ_k log σ(−v'_k·h) and its
    gradients, by autograd.

    Args:
        h: hidden vectors (B, N).
        vecs: output vectors used (B, 1 + K, N): ``vecs[:, 0]`` the target's, ``vecs[:, 1:]``
            the K negatives'.

    Returns:
        ``(E, dh, d_rows)``: the loss of each example (B,), dE/dh (B, N) and
        dE/d(vecs) (B, 1 + K, N).
    """
    import torch
    import torch.nn.functional as F

    def loss(hh, vv):
        scores = torch.einsum("bkn,bn->bk", vv, hh)
        return -F.logsigmoid(scores[:, 0]) - F.logsigmoid(-scores[:, 1:]).sum(dim=1)

    E, (dh, d_rows) = torch_vjp(loss, (h, vecs), np.ones(len(h), dtype=h.dtype))
    return E, dh, d_rows


def torch_negative_sampling_step(
    W: np.ndarray,
    W_prime: np.ndarray,
    inputs: np.ndarray,
    weights: np.ndarray,
    outputs: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The summed negative-sampling loss of a minibatch and its gradients, by autograd.

    Example b has the hidden vector h_b = Σ_c weights[b, c] W[inputs[b, c]] and the loss
    E_b = −log σ(v'_o·h_b) − Σ_k log σ(−v'_k·h_b), with o = ``outputs[b, 0]`` and the K
    noise words ``outputs[b, 1:]``.

    Args:
        W, W_prime: input and output vectors (V, N).
        inputs: integer input words (B, C); weights: their weights in h (B, C).
        outputs: integer output words (B, 1 + K), the target first.

    Returns:
        ``(loss, dW, dW_prime)``: Σ_b E_b as a 0-d array, and its gradients (V, N) with
        respect to W and W_prime (a word used several times gets the sum).
    """
    import torch
    import torch.nn.functional as F

    ins, outs = torch.as_tensor(inputs), torch.as_tensor(outputs)

    def loss(w, wp):
        h = torch.einsum("bc,bcn->bn", torch.as_tensor(weights, dtype=w.dtype), w[ins])
        scores = torch.einsum("bkn,bn->bk", wp[outs], h)
        return (-F.logsigmoid(scores[:, 0]) - F.logsigmoid(-scores[:, 1:]).sum(dim=1)).sum()

    total, (dW, dW_prime) = torch_vjp(loss, (W, W_prime), np.array(1.0, dtype=W.dtype))
    return total, dW, dW_prime


def torch_unit_rows(E: np.ndarray) -> np.ndarray:
    """Each row of E (V, N) divided by its length (``torch.nn.functional.normalize``); a
    zero row stays zero. Shape and dtype of E."""
    import torch
    import torch.nn.functional as F

    return F.normalize(torch.as_tensor(E), dim=1).numpy()


def torch_cosines(E: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """(Q, V) cosines between queries (Q, N) and the rows of E (V, N) in float64
    (``torch.nn.functional.cosine_similarity``; 0 for a zero vector)."""
    import torch
    import torch.nn.functional as F

    q = torch.as_tensor(np.asarray(queries, dtype=np.float64))[:, None, :]
    e = torch.as_tensor(np.asarray(E, dtype=np.float64))[None, :, :]
    return F.cosine_similarity(q, e, dim=2, eps=1e-300).numpy()


def torch_elman_lm(
    E: np.ndarray,
    U: np.ndarray,
    V: np.ndarray,
    s0: np.ndarray,
    inputs: np.ndarray,
    targets: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, ...]]:
    """The lecture's Elman language model (基于RNN的语言模型) by autograd: x(t) = [E[w(t)],
    s(t−1)], s(t) = σ(U x(t)), y(t) = softmax(V s(t)).

    Args:
        E: word vectors (V_words, D); U (H, D + H); V (V_words, H); s0: first state (B, H).
        inputs, targets: integer words (B, T).

    Returns:
        ``(loss, s_last, (dE, dU, dV, ds0))``: the mean of −log y_target(t) over the batch
        and the steps as a 0-d array, the state after the last step (B, H), and the
        gradients of the loss.
    """
    import torch

    def run(E, U, V, s):
        losses = []
        for t in range(inputs.shape[1]):
            x = torch.cat([E[torch.as_tensor(inputs[:, t])], s], dim=1)
            s = torch.sigmoid(x @ U.T)
            log_y = torch.log_softmax(s @ V.T, dim=1)
            losses.append(-log_y[torch.arange(len(s)), torch.as_tensor(targets[:, t])])
        return torch.stack(losses).mean(), s

    params = (E, U, V, s0)
    loss, grads = torch_vjp(lambda *p: run(*p)[0], params, np.array(1.0, dtype=E.dtype))
    s_last = torch_vjp(lambda *p: run(*p)[1], params)
    return loss, s_last, grads
