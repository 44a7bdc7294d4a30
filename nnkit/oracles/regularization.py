"""Batch normalisation and the residual block of assignment 5."""

from __future__ import annotations

import numpy as np

from .core import torch_vjp


def _batchnorm1d(torch, gamma, beta, state, momentum, eps, dtype):
    """torch.nn.BatchNorm1d holding γ, β and, when given, the running statistics."""
    bn = torch.nn.BatchNorm1d(len(gamma), eps=eps, momentum=momentum, dtype=dtype)
    with torch.no_grad():
        bn.weight.copy_(torch.from_numpy(np.asarray(gamma)))
        bn.bias.copy_(torch.from_numpy(np.asarray(beta)))
        if state is not None:
            bn.running_mean.copy_(torch.from_numpy(np.asarray(state["running_mean"])))
            bn.running_var.copy_(torch.from_numpy(np.asarray(state["running_var"])))
    return bn


def torch_batchnorm(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    mode: str = "train",
    state: dict[str, np.ndarray] | None = None,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """``torch.nn.BatchNorm1d`` forward (批标准化), with the course's arguments.

    Args:
        x: batch (m, D), float64 or float32 (the computation's dtype).
        gamma, beta: scale and shift (D,).
        mode: ``"train"`` (batch statistics; the running ones move towards them) or
            ``"eval"`` (the running statistics).
        state: ``{"running_mean": (D,), "running_var": (D,)}``; None for torch's start
            (zeros and ones).
        momentum: weight of the batch statistics in the running averages (the running
            variance moves towards the unbiased batch variance).
        eps: added to the variance under the square root.

    Returns:
        ``(out, state)``: the output (m, D) and the running statistics after the call, in
        the form of ``state`` (pass it back for the next batch).
    """
    import torch

    bn = _batchnorm1d(torch, gamma, beta, state, momentum, eps, torch.from_numpy(x).dtype)
    bn.train(mode == "train")
    with torch.no_grad():
        out = bn(torch.from_numpy(x)).numpy()
    return out, {
        "running_mean": bn.running_mean.numpy().copy(),
        "running_var": bn.running_var.numpy().copy(),
    }


def torch_batchnorm_backward(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    dout: np.ndarray,
    mode: str = "train",
    state: dict[str, np.ndarray] | None = None,
    eps: float = 1e-5,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """∂ℓ/∂x, ∂ℓ/∂γ, ∂ℓ/∂β of ``torch.nn.BatchNorm1d`` for ℓ = sum(out * dout).

    Arguments as for ``torch_batchnorm``, with ``dout`` of the shape of ``x`` (m, D).

    Returns:
        ``(dx, dgamma, dbeta)`` of shapes (m, D), (D,), (D,) in the dtype of ``x``.
    """
    import torch

    bn = _batchnorm1d(torch, gamma, beta, state, 0.1, eps, torch.from_numpy(x).dtype)
    bn.train(mode == "train")
    xt = torch.from_numpy(x.copy()).requires_grad_(True)
    bn(xt).backward(torch.from_numpy(dout))
    return xt.grad.numpy(), bn.weight.grad.numpy(), bn.bias.grad.numpy()


def torch_residual_block(
    x: np.ndarray,
    w1: np.ndarray,
    b1: np.ndarray,
    w2: np.ndarray,
    b2: np.ndarray,
    dout: np.ndarray | None = None,
):
    """The residual block y = x + relu(x w1 + b1) w2 + b2 (残差网络) by autograd.

    Args:
        x: batch (N, D); w1 (D, H), b1 (H,), w2 (H, D), b2 (D,): the course's row layout.
        dout: upstream gradient (N, D); omit for the output only.

    Returns:
        y (N, D), or with ``dout`` ``(y, (dx, dw1, db1, dw2, db2))``.
    """
    import torch

    def block(x, w1, b1, w2, b2):
        return x + torch.relu(x @ w1 + b1) @ w2 + b2

    return torch_vjp(block, (x, w1, b1, w2, b2), dout)
