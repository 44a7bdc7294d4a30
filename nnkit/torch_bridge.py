"""Use a NumPy forward/backward pair as a PyTorch operation.

An assignment's layer follows CS231n's contract, ``forward(*arrays, **kw) -> (out,
cache)`` and ``backward(dout, cache) -> gradients``. ``numpy_function`` turns such a pair
into a function on tensors that autograd differentiates with the student's backward, so
a notebook can train a PyTorch model containing the student's layer (and a wrong
backward shows up as a network that does not learn).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from torch.autograd.function import once_differentiable

__all__ = ["numpy_function"]


def _to_numpy(tensor: torch.Tensor) -> np.ndarray:
    # A copy: NumPy code that writes into its inputs must not change the caller's tensors,
    # and a cache must keep the values seen in forward.
    return tensor.detach().cpu().numpy().copy()


class _NumpyFunction(torch.autograd.Function):
    """Runs ``forward`` / ``backward`` on NumPy copies of the tensor arguments."""

    @staticmethod
    def forward(ctx: Any, forward: Callable, backward: Callable, kwargs: dict, *args: Any):
        name = getattr(forward, "__name__", "forward")
        positions = [i for i, a in enumerate(args) if isinstance(a, torch.Tensor)]
        if not positions:
            raise TypeError(f"{name}: no tensor argument to differentiate")
        arrays = [_to_numpy(a) if isinstance(a, torch.Tensor) else a for a in args]
        result = forward(*arrays, **kwargs)
        if not isinstance(result, tuple) or len(result) != 2:
            raise TypeError(f"{name} must return a pair (out, cache), got {type(result)}")
        out, cache = result
        out = np.asarray(out)

        tensors = [args[i] for i in positions]
        floating = [t.dtype for t in tensors if t.is_floating_point()]
        device = tensors[0].device
        result_tensor = torch.from_numpy(np.ascontiguousarray(out)).to(device)
        if floating and np.issubdtype(out.dtype, np.floating):
            # NumPy code often computes in float64; the model keeps its own precision.
            dtype = floating[0]
            for other in floating[1:]:
                dtype = torch.promote_types(dtype, other)
            result_tensor = result_tensor.to(dtype)
        else:
            ctx.mark_non_differentiable(result_tensor)

        ctx.name = name
        ctx.backward_fn = backward
        ctx.cache = cache
        ctx.n_args = len(args)
        ctx.inputs = [(i, args[i].shape, args[i].dtype, args[i].device) for i in positions]
        return result_tensor

    @staticmethod
    @once_differentiable
    def backward(ctx: Any, dout: torch.Tensor):
        grads = ctx.backward_fn(_to_numpy(dout), ctx.cache)
        if not isinstance(grads, tuple | list):
            grads = (grads,)
        inputs = ctx.inputs
        if len(grads) != len(inputs):
            # Integer tensors (labels, indices) have no gradient: backward may skip them.
            floating = [meta for meta in inputs if meta[2].is_floating_point]
            if len(grads) != len(floating):
                raise ValueError(
                    f"{ctx.name}: backward returned {len(grads)} gradient(s) for "
                    f"{len(inputs)} tensor input(s); return one per array input, in order"
                )
            inputs = floating
        out: list[torch.Tensor | None] = [None] * (3 + ctx.n_args)
        for (i, shape, dtype, device), grad in zip(inputs, grads, strict=True):
            if grad is None or not dtype.is_floating_point:
                continue
            grad = np.asarray(grad)
            if grad.shape != tuple(shape):
                raise ValueError(
                    f"{ctx.name}: backward returned a gradient of shape {grad.shape} for "
                    f"input {i} of shape {tuple(shape)}"
                )
            out[3 + i] = torch.from_numpy(np.ascontiguousarray(grad)).to(device, dtype)
        return tuple(out)


def numpy_function(
    forward: Callable[..., tuple[np.ndarray, Any]],
    backward: Callable[[np.ndarray, Any], np.ndarray | tuple[np.ndarray | None, ...]],
) -> Callable[..., torch.Tensor]:
    """Wrap a CS231n-style NumPy layer as a differentiable function on tensors.

    Args:
        forward: ``forward(*arrays, **kw) -> (out, cache)``. Tensor arguments arrive as
            NumPy copies; other arguments (numbers, dicts such as ``conv_param``) pass
            through unchanged, as do keyword arguments.
        backward: ``backward(dout, cache)`` returns the gradient with respect to each
            tensor argument, in order: a tuple, or a single array when there is one.
            ``None`` stands for "no gradient". Integer tensors (labels) may be skipped.

    Returns:
        ``f(*args, **kw) -> Tensor``: the output of ``forward`` as a tensor on the device
        of the first tensor argument, in the promoted dtype of the floating tensor
        arguments; gradients flow back through ``backward``.

    Example:
        >>> affine = numpy_function(affine_forward, affine_backward)
        >>> out = affine(x, w, b)          # x, w, b: tensors, w and b nn.Parameters
        >>> out.sum().backward()           # w.grad, b.grad come from affine_backward
    """

    def apply(*args: Any, **kwargs: Any) -> torch.Tensor:
        return _NumpyFunction.apply(forward, backward, kwargs, *args)

    apply.__name__ = getattr(forward, "__name__", "numpy_function")
    apply.__doc__ = getattr(forward, "__doc__", None)
    return apply
