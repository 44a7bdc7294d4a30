"""Sequence models of assignment 7: RNN, LSTM, output layer, losses, clipping, gradient gaps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .core import torch_vjp


def _gate_order_torch(a: Any, hidden: int) -> Any:
    """Reorder the four gate blocks i, f, o, g (the lecture's order) into torch's i, f, g, o."""
    import torch

    i, f, o, g = (a[..., k * hidden : (k + 1) * hidden] for k in range(4))
    return torch.cat([i, f, g, o], dim=-1)


def _course_rnn(torch, W1, W2, b_ih, b_hh):
    """``torch.nn.RNN`` (tanh, batch_first) with the course's row-layout weights, as a
    function ``run(x, h=None) -> (states, last state)`` of tensors (h (1, N, H); None for
    zeros). One ``run`` for every chunk of a sequence keeps one graph for the weights."""
    rnn = torch.nn.RNN(W1.shape[0], W1.shape[1], batch_first=True, dtype=W1.dtype)
    weights = {
        "weight_ih_l0": W1.T,
        "weight_hh_l0": W2.T,
        "bias_ih_l0": b_ih,
        "bias_hh_l0": b_hh,
    }

    def run(x, h=None):
        return torch.func.functional_call(rnn, weights, (x,) if h is None else (x, h))

    return run


def torch_rnn(
    x: np.ndarray,
    h0: np.ndarray,
    W1: np.ndarray,
    W2: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
    dh: np.ndarray | None = None,
    truncate: int | None = None,
):
    """``torch.nn.RNN`` (tanh, batch_first) with the course's row-layout weights.

    The course computes ``tanh(x_t @ W1 + h_{t-1} @ W2 + b)``; torch keeps
    ``weight_ih = W1.T``, ``weight_hh = W2.T`` and two biases whose sum is ``b``.
    With ``truncate=k`` the hidden state is detached every k steps (truncated BPTT).

    Returns:
        h of shape (N, T, H), or with ``dh`` ``(h, (dx, dh0, dW1, dW2, db_ih, db_hh))``.
    """
    import torch

    def op(x, h0, W1, W2, b_ih, b_hh):
        run = _course_rnn(torch, W1, W2, b_ih, b_hh)
        step = x.shape[1] if truncate is None else truncate
        outs, h = [], h0[None]
        for start in range(0, x.shape[1], step):
            if start > 0:
                h = h.detach()
            out, h = run(x[:, start : start + step], h)
            outs.append(out)
        return torch.cat(outs, dim=1)

    return torch_vjp(op, (x, h0, W1, W2, b_ih, b_hh), dh)


def torch_lstm(
    x: np.ndarray,
    s0: np.ndarray,
    c0: np.ndarray,
    U: np.ndarray,
    W: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
    dout: np.ndarray | None = None,
):
    """``torch.nn.LSTMCell`` over a sequence with the course's weights and gate order.

    The course stacks the gate blocks as i, f, o, g in ``U`` (D, 4H), ``W`` (H, 4H) and the
    bias; torch stacks i, f, g, o in ``weight_ih`` (4H, D) and ``weight_hh`` (4H, H). This
    function reorders and transposes, so its inputs are the course's.

    Returns:
        an array (2, N, T, H) holding the hidden states s (index 0) and cell memories c
        (index 1) of every step, or with ``dout`` (same shape) ``(out, (dx, ds0, dc0, dU,
        dW, db_ih, db_hh))``.
    """
    import torch

    def op(x, s0, c0, U, W, b_ih, b_hh):
        hidden = W.shape[0]
        cell = torch.nn.LSTMCell(U.shape[0], hidden, dtype=x.dtype)
        weights = {
            "weight_ih": _gate_order_torch(U, hidden).T,
            "weight_hh": _gate_order_torch(W, hidden).T,
            "bias_ih": _gate_order_torch(b_ih, hidden),
            "bias_hh": _gate_order_torch(b_hh, hidden),
        }
        s, c, states, memories = s0, c0, [], []
        for t in range(x.shape[1]):
            s, c = torch.func.functional_call(cell, weights, (x[:, t], (s, c)))
            states.append(s)
            memories.append(c)
        return torch.stack([torch.stack(states, 1), torch.stack(memories, 1)])

    return torch_vjp(op, (x, s0, c0, U, W, b_ih, b_hh), dout)


def torch_temporal_affine(
    h: np.ndarray, V: np.ndarray, c: np.ndarray, dout: np.ndarray | None = None
):
    """The output layer scores = h V + c at every step (``torch.nn.functional.linear``).

    Args:
        h: states (N, T, H) (any leading axes); V (H, M) in the course's row layout; c (M,).
        dout: upstream gradient (N, T, M); omit for the scores only.

    Returns:
        scores (N, T, M), or with ``dout`` ``(scores, (dh, dV, dc))``.
    """
    import torch.nn.functional as F

    return torch_vjp(lambda h, V, c: F.linear(h, V.T, c), (h, V, c), dout)


def torch_temporal_softmax_loss(scores: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Softmax cross-entropy averaged over every position of a batch of sequences.

    Args:
        scores: (N, T, M) (any leading axes, classes last).
        y: integer labels (N, T).

    Returns:
        ``(loss, dscores)``: the loss as a 0-d array and its gradient, both in the dtype of
        ``scores``.
    """
    import torch
    import torch.nn.functional as F

    labels = torch.from_numpy(y.reshape(-1))
    loss, (dscores,) = torch_vjp(
        lambda s: F.cross_entropy(s.reshape(-1, s.shape[-1]), labels),
        (scores,),
        np.array(1.0, dtype=scores.dtype),
    )
    return loss, dscores


def torch_rnn_model_loss(
    params: dict[str, np.ndarray], x: np.ndarray, y: np.ndarray, last_only: bool = False
) -> tuple[float, dict[str, np.ndarray]]:
    """Mean cross-entropy of a tanh RNN (zero initial state) with a linear output layer.

    Args:
        params: the course's ``W1`` (D, H), ``W2`` (H, H), ``b`` (H,), ``V`` (H, M), ``c`` (M,).
        x: inputs (N, T, D).
        y: integer labels (N, T), or (N, 1) with ``last_only`` (the last step's output only,
            many to one).

    Returns:
        ``(loss, grads)``: the loss as a float and a dict of the gradients, keyed as ``params``.
    """
    import torch
    import torch.nn.functional as F

    keys = ("W1", "W2", "b", "V", "c")

    def op(x, W1, W2, b, V, c):
        h, _ = _course_rnn(torch, W1, W2, b, torch.zeros_like(b))(x)
        if last_only:
            h = h[:, -1:]
        scores = F.linear(h, V.T, c)
        return F.cross_entropy(scores.reshape(-1, c.shape[0]), torch.from_numpy(y.reshape(-1)))

    loss, grads = torch_vjp(op, (x, *(params[k] for k in keys)), np.array(1.0, dtype=x.dtype))
    return float(loss), dict(zip(keys, grads[1:]))


def torch_clip_grad_norm(
    grads: Sequence[np.ndarray], max_norm: float
) -> tuple[list[np.ndarray], float]:
    """``torch.nn.utils.clip_grad_norm_`` on gradients given as arrays (梯度裁剪).

    Returns:
        ``(clipped, norm)``: the gradients scaled so that their joint norm is at most
        ``max_norm`` (each in its shape and dtype), and their joint norm before clipping.
    """
    import torch

    params = [torch.zeros(g.shape, dtype=torch.from_numpy(g).dtype) for g in grads]
    for p, g in zip(params, grads):
        p.grad = torch.tensor(g)
    norm = torch.nn.utils.clip_grad_norm_(params, max_norm)
    return [p.grad.numpy() for p in params], float(norm)


def torch_rnn_gap_norms(h: np.ndarray, W2: np.ndarray, dh_last: np.ndarray) -> np.ndarray:
    """Norms of dℓ/dh_t of a tanh RNN for ℓ = sum(h_{T-1} * dh_last) (长期依赖).

    The states are re-created from ``h`` with the inputs held fixed: the input part of
    step t is a_t = atanh(h_t) − h_{t-1} W2.

    Args:
        h: the states (N, T, H) of a tanh RNN with recurrent weights W2 (H, H).
        dh_last: gradient at the last state (N, H).

    Returns:
        (T,) the norm of dℓ/dh at step T-1-k at index k (the last step first).
    """
    import torch

    h_t = torch.tensor(h)
    W = torch.tensor(W2)
    inputs = [torch.atanh(h_t[:, t]) - h_t[:, t - 1] @ W for t in range(1, h.shape[1])]
    states = [h_t[:, 0].clone().requires_grad_(True)]
    for a in inputs:
        states.append(torch.tanh(a + states[-1] @ W))
        states[-1].retain_grad()
    (states[-1] * torch.tensor(dh_last)).sum().backward()
    grads = [s.grad if s.grad is not None else torch.tensor(dh_last) for s in states]
    return np.array([float(torch.linalg.norm(g)) for g in grads[::-1]])


def torch_memory_gap_norms(f: np.ndarray, dc_last: np.ndarray) -> np.ndarray:
    """Norms of dℓ/dc_t along the LSTM's memory path c_t = c_{t-1} f_t + q_t (q fixed).

    Args:
        f: forget gates (N, T, H).
        dc_last: gradient at the last cell memory (N, H), ℓ = sum(c_{T-1} * dc_last).

    Returns:
        (T,) the norm of dℓ/dc at step T-1-k at index k (the last step first).
    """
    import torch

    f_t = torch.tensor(f)
    cells = [torch.zeros_like(f_t[:, 0]).requires_grad_(True)]
    for t in range(f.shape[1]):
        cells.append(cells[-1] * f_t[:, t] + 1.0)
        cells[-1].retain_grad()
    (cells[-1] * torch.tensor(dc_last)).sum().backward()
    return np.array([float(torch.linalg.norm(c.grad)) for c in cells[1:][::-1]])
