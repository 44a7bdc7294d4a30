"""The one conversion: numpy arrays in, a torch operation, numpy outputs and gradients out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np


def torch_vjp(
    op: Callable[..., Any], arrays: Sequence[np.ndarray], dout: np.ndarray | None = None, **kwargs
):
    """Run ``op(*tensors, **kwargs)`` in PyTorch on copies of ``arrays``.

    Args:
        op: a function of tensors, e.g. ``torch.nn.functional.conv2d``.
        arrays: its array inputs (float arrays get gradients).
        dout: upstream gradient, shape of the output; omit for the output only.
        kwargs: further arguments of ``op`` (stride, padding, ...).

    Returns:
        the output as a numpy array, or, with ``dout``, ``(output, grads)`` where grads
        holds d(sum(output * dout))/d(array) for each array, in order, in its dtype.
    """
    import torch

    tensors = [torch.tensor(np.array(a), requires_grad=True) for a in arrays]
    out = op(*tensors, **kwargs)
    if dout is None:
        return out.detach().numpy()
    out.backward(torch.tensor(np.asarray(dout, dtype=out.detach().numpy().dtype)))
    return out.detach().numpy(), tuple(t.grad.numpy() for t in tensors)
