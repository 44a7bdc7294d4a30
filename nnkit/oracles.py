"""Independent expected values from PyTorch autograd, for tests of layers.

A layer test compares a student's forward output and backward gradients with what
PyTorch computes for the same operation; this is the one place that turns numpy inputs
into tensors, runs the operation and reads the gradients back.
"""

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


def _gate_order_torch(a: Any, hidden: int) -> Any:
    """Reorder the four gate blocks i, f, o, g (the lecture's order) into torch's i, f, g, o."""
    import torch

    i, f, o, g = (a[..., k * hidden : (k + 1) * hidden] for k in range(4))
    return torch.cat([i, f, g, o], dim=-1)


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
        rnn = torch.nn.RNN(W1.shape[0], W1.shape[1], batch_first=True, dtype=x.dtype)
        weights = {
            "weight_ih_l0": W1.T,
            "weight_hh_l0": W2.T,
            "bias_ih_l0": b_ih,
            "bias_hh_l0": b_hh,
        }
        step = x.shape[1] if truncate is None else truncate
        outs, h = [], h0[None]
        for start in range(0, x.shape[1], step):
            if start > 0:
                h = h.detach()
            out, h = torch.func.functional_call(rnn, weights, (x[:, start : start + step], h))
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


# Layers of assignments 2 and 6.

_ACTIVATIONS = ("relu", "sigmoid", "tanh")


def _torch_activation_op(name: str) -> Callable[..., Any]:
    import torch

    if name not in _ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; use one of {_ACTIVATIONS}")
    return getattr(torch, name)


def torch_affine(x: np.ndarray, w: np.ndarray, b: np.ndarray, dout: np.ndarray | None = None):
    """The affine layer ``x @ w + b`` in the course's row layout (w of shape (D, M)).

    Returns:
        out, or with ``dout`` ``(out, (dx, dw, db))``.
    """
    return torch_vjp(lambda x_, w_, b_: x_ @ w_ + b_, (x, w, b), dout)


def torch_activation(name: str, x: np.ndarray, dout: np.ndarray | None = None):
    """An elementwise activation, ``"relu"``, ``"sigmoid"`` or ``"tanh"``.

    Returns:
        out, or with ``dout`` ``(out, (dx,))``.
    """
    return torch_vjp(_torch_activation_op(name), (x,), dout)


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

    act = _torch_activation_op(activation)
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
