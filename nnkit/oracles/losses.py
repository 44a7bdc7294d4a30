"""Losses and the vanishing gradient of assignment 3."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _sigmoid_squared_error(torch, p, target):
    return 0.5 * ((torch.sigmoid(p) - torch.tensor(target)) ** 2).sum() / p.shape[0]


def _multiclass_hinge(torch, p, target, margin=1.0):
    y = torch.tensor(target).long()
    correct = p.gather(1, y[:, None])
    terms = torch.clamp(p - correct + margin, min=0)
    mask = torch.ones_like(p).scatter(1, y[:, None], 0.0)
    return (terms * mask).sum() / p.shape[0]


def _squared_error(torch, p, target):
    return 0.5 * ((p - torch.tensor(target)) ** 2).sum() / p.shape[0]


def _binary_cross_entropy_with_logits(torch, p, target):
    return torch.nn.functional.binary_cross_entropy_with_logits(p, torch.tensor(target).to(p.dtype))


def _soft_cross_entropy(torch, p, target):
    return -(torch.tensor(target) * torch.nn.functional.log_softmax(p, dim=1)).sum() / p.shape[0]


TORCH_LOSSES = {
    "sigmoid_squared_error": _sigmoid_squared_error,
    "multiclass_hinge": _multiclass_hinge,
    "squared_error": _squared_error,
    "binary_cross_entropy_with_logits": _binary_cross_entropy_with_logits,
    "soft_cross_entropy": _soft_cross_entropy,
}


def torch_loss(
    name: str, pred: np.ndarray, target: np.ndarray, **hyper: float
) -> tuple[float, np.ndarray]:
    """A loss of the course (损失函数), mean over the batch, and its gradient, by autograd.

    Args:
        name: a key of ``TORCH_LOSSES``: ``"sigmoid_squared_error"`` (mean of
            ½(σ(z) − d)², ``pred`` (N,) or (N, K)), ``"multiclass_hinge"`` (scores (N, K),
            integer labels (N,), hyper ``margin``, default 1), ``"squared_error"`` (mean over
            the batch of ½ Σ_k (y − d)²), ``"binary_cross_entropy_with_logits"``,
            ``"soft_cross_entropy"`` (scores (N, K), target distributions (N, K)).
        pred: scores or outputs, the first axis the batch.
        target: targets as the course's function takes them.

    Returns:
        ``(loss, dpred)``: the loss as a float and its gradient, shape and dtype of ``pred``.
    """
    import torch

    p = torch.tensor(pred, requires_grad=True)
    loss = TORCH_LOSSES[name](torch, p, target, **hyper)
    loss.backward()
    return float(loss.detach()), p.grad.numpy()


def torch_layer_gradient_norms(
    x: np.ndarray, weights: Sequence[np.ndarray], dout: np.ndarray, activation: str
) -> np.ndarray:
    """Norms of the weight gradients of a bias-free stack h_l = f(h_{l-1} W_l) (梯度消失问题).

    Args:
        x: input batch (N, D_0).
        weights: W_l of shape (D_{l-1}, D_l), first layer first.
        dout: upstream gradient of the last layer's output (N, D_L).
        activation: ``"sigmoid"`` or ``"relu"`` (any other name: ReLU).

    Returns:
        (L,) Frobenius norms of dℓ/dW_l, first layer first, for ℓ = sum(h_L * dout).
    """
    import torch

    ws = [torch.tensor(w, requires_grad=True) for w in weights]
    h = torch.tensor(x)
    for w in ws:
        z = h @ w
        h = torch.sigmoid(z) if activation == "sigmoid" else torch.relu(z)
    h.backward(torch.tensor(dout))
    return np.array([float(w.grad.norm()) for w in ws])
