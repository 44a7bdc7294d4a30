"""Layers of assignments 2 and 6: affine, activations, the MLP's loss, convolution, pooling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .core import torch_vjp


def _activation_op(name: str, **hyper: float) -> tuple[Callable[..., Any], dict]:
    """The torch function of an activation and its keyword arguments."""
    import torch
    import torch.nn.functional as F

    if name in ("relu", "sigmoid", "tanh"):
        return getattr(torch, name), {}
    if name == "leaky_relu":
        return F.leaky_relu, {"negative_slope": hyper.get("alpha", 0.01)}
    if name == "elu":
        return F.elu, {"alpha": hyper.get("alpha", 1.0)}
    if name == "softplus":
        return F.softplus, {}
    raise ValueError(f"no torch oracle for the activation {name!r}")


def torch_activation(name: str, x: np.ndarray, dout: np.ndarray | None = None, **hyper: float):
    """An elementwise activation of torch: ``"relu"``, ``"sigmoid"``, ``"tanh"`` (assignment
    2), ``"leaky_relu"`` (hyper ``alpha``, default 0.01), ``"elu"`` (``alpha``, default 1.0)
    or ``"softplus"`` (assignment 3), on ``x`` of any shape.

    Returns:
        out, or with ``dout`` (shape of ``x``) ``(out, (dx,))``, in the dtype of ``x``.
    """
    op, kwargs = _activation_op(name, **hyper)
    return torch_vjp(op, (x,), dout, **kwargs)


def torch_affine(x: np.ndarray, w: np.ndarray, b: np.ndarray, dout: np.ndarray | None = None):
    """The affine layer ``x @ w + b`` in the course's row layout (w of shape (D, M)).

    Returns:
        out, or with ``dout`` ``(out, (dx, dw, db))``.
    """
    return torch_vjp(lambda x_, w_, b_: x_ @ w_ + b_, (x, w, b), dout)


def torch_mlp_loss(
    params: dict[str, np.ndarray], activation: str, X: np.ndarray, y: np.ndarray
) -> tuple[float, dict[str, np.ndarray]]:
    """Mean softmax cross-entropy of a fully connected network and its parameter gradients.

    The network is the course's MLP: ``params`` holds ``W1, b1, ..., WL, bL`` (``W{l}`` of
    shape (fan_in, fan_out)); every layer but the last is followed by ``activation``.

    Returns:
        ``(loss, grads)`` with one gradient per key of ``params``, in its dtype.
    """
    import torch

    act = _activation_op(activation)[0]
    keys = list(params)
    layers = len(keys) // 2

    def loss(*tensors):
        p = dict(zip(keys, tensors, strict=True))
        out = torch.tensor(np.array(X))
        for layer in range(1, layers + 1):
            out = out @ p[f"W{layer}"] + p[f"b{layer}"]
            if layer < layers:
                out = act(out)
        return torch.nn.functional.cross_entropy(out, torch.tensor(np.array(y)))

    value, grads = torch_vjp(loss, [params[k] for k in keys], np.array(1.0))
    return float(value), dict(zip(keys, grads, strict=True))


def torch_conv(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray,
    stride: int,
    pad: int,
    dout: np.ndarray | None = None,
):
    """A convolutional layer as ``torch.nn.functional.conv2d`` (cross-correlation).

    Args:
        x: (N, C, H, W); w: (F, C, HH, WW); b: (F,); ``pad`` zeros on each side of H and W.

    Returns:
        out, or with ``dout`` ``(out, (dx, dw, db))``.
    """
    import torch.nn.functional as tf

    return torch_vjp(tf.conv2d, (x, w, b), dout, stride=stride, padding=pad)


def torch_pool(
    kind: str,
    x: np.ndarray,
    pool_height: int,
    pool_width: int,
    stride: int,
    dout: np.ndarray | None = None,
):
    """``"max"`` or ``"avg"`` pooling without padding, as ``torch.nn.functional``'s.

    For max pooling a window's gradient goes to the first of its maxima in row-major order.

    Returns:
        out, or with ``dout`` ``(out, (dx,))``.
    """
    import torch.nn.functional as tf

    op = {"max": tf.max_pool2d, "avg": tf.avg_pool2d}[kind]
    return torch_vjp(op, (x,), dout, kernel_size=(pool_height, pool_width), stride=stride)


def check_conv_layer(forward: Callable, backward: Callable, backward_name: str) -> None:
    """How a network uses a convolution layer, checked against torch's conv2d: forward,
    then backward on the layer's own cache, in float32, with an input that is not square
    (H != W) and a filter that is not square (HH != WW), so that swapping H and W (or HH and
    WW) changes the answer; one run strides by 2 with no padding, the other pads by 1.
    Neither call may write into its arguments or keep state between calls
    (``nnkit.feedback.check_forward_backward``)."""
    from nnkit.feedback import assert_close, assert_that, check_forward_backward

    rng = np.random.default_rng(15)
    x = rng.standard_normal((2, 2, 5, 4)).astype(np.float32)
    w = rng.standard_normal((3, 2, 3, 2)).astype(np.float32)
    b = rng.standard_normal(3).astype(np.float32)
    for k, (stride, pad) in enumerate([(2, 0), (1, 1)]):
        where = f"stride={stride}, pad={pad}, x {x.shape}, w {w.shape}, float32"
        out, grads, dout = check_forward_backward(
            "conv",
            forward,
            backward,
            (x, w, b, stride, pad),
            dout_seed=150 + k,
            grad_names=("dx", "dw", "db"),
        )
        out_t, grads_t = torch_conv(x, w, b, stride, pad, dout)
        assert_close(
            f"out ({where})",
            out,
            out_t,
            hint="H_out = 1 + (H + 2*pad - HH) // stride and W_out = 1 + (W + 2*pad - WW) "
            "// stride; windows start at (i*stride, j*stride) of x_pad",
        )
        assert_that(len(grads) == 3, f"{backward_name} must return (dx, dw, db)")
        for grad_name, got, expected in zip(("dx", "dw", "db"), grads, grads_t):
            assert_close(
                f"{grad_name} ({where})",
                got,
                expected,
                kind="gradient",
                hint="each output pixel's window maps back to x_pad[..., i*stride:i*stride+HH, "
                "j*stride:j*stride+WW] and to w; drop the padding of dx at the end",
            )
