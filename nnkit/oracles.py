"""Independent expected values from PyTorch, for the assignments' tests.

A test compares a student's outputs and gradients with what PyTorch computes for the same
operation; this is the one place that turns numpy inputs into tensors, runs the operation
and reads the results back (numpy in, numpy out), so no test file imports torch. Each
function takes the course's arguments in the course's layout and holds no data of its own;
sections follow the assignments. Torch is imported inside the functions: importing this
module stays cheap.
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


# Activations, losses and the vanishing gradient of assignment 3.


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


# Optimizers of assignment 4: torch.optim fed the gradients the student's optimizer sees.


def torch_rosenbrock_gradient(p: np.ndarray) -> np.ndarray:
    """Gradient of the Rosenbrock valley (1 − x)² + 100 (y − x²)² at ``p = (x, y)``, shape (2,)."""
    import torch

    t = torch.tensor(p, requires_grad=True)
    ((1 - t[0]) ** 2 + 100 * (t[1] - t[0] ** 2) ** 2).backward()
    return t.grad.numpy().copy()


TORCH_OPTIMIZERS = {
    "sgd": lambda torch, p, h: torch.optim.SGD([p], lr=h.get("lr", 1e-2)),
    "sgd_momentum": lambda torch, p, h: torch.optim.SGD(
        [p], lr=h.get("lr", 1e-2), momentum=h.get("momentum", 0.9)
    ),
    "rmsprop": lambda torch, p, h: torch.optim.RMSprop(
        [p], lr=h.get("lr", 1e-2), alpha=h.get("alpha", 0.99), eps=h.get("eps", 1e-8)
    ),
    "adam": lambda torch, p, h: torch.optim.Adam(
        [p],
        lr=h.get("lr", 1e-3),
        betas=(h.get("beta1", 0.9), h.get("beta2", 0.999)),
        eps=h.get("eps", 1e-8),
    ),
}
FAR_ALONG = float(2**40)


def _adam_far_along(torch, p, h):
    """Adam without bias correction: torch.optim.Adam whose step counter starts so far
    along that 1 − β^t rounds to 1 (the same moment averages, used as they are). One step
    with a zero gradient creates the state (m = v = 0, p unchanged), then the counter moves
    on."""
    opt = TORCH_OPTIMIZERS["adam"](torch, p, h)
    p.grad = torch.zeros_like(p)
    opt.step()
    state = opt.state[p]
    state["step"] = torch.tensor(FAR_ALONG, dtype=state["step"].dtype)
    return opt


TORCH_OPTIMIZERS["adam_uncorrected"] = _adam_far_along

_TRAJECTORIES: dict[tuple, list[np.ndarray]] = {}


def torch_trajectory(
    name: str,
    w0: np.ndarray,
    grads: Sequence[np.ndarray] | None = None,
    steps: int = 0,
    hyper: dict[str, float] | None = None,
    gradient: Callable[[np.ndarray], np.ndarray] | None = None,
) -> list[np.ndarray]:
    """Weights after each step of ``torch.optim`` fed the same gradients as the course's
    ``update(w, dw, state, **hyper) -> (w, state)`` (随机梯度下降, Adam算法).

    Args:
        name: a key of ``TORCH_OPTIMIZERS`` (the course's function name).
        w0: the starting weights, any shape; their dtype is kept.
        grads: the gradient of each step, each shape of ``w0``; None to compute them with
            ``gradient`` instead.
        steps: the number of steps when ``grads`` is None.
        hyper: the course's hyper-parameters (``lr``, ``momentum``, ``beta1``...).
        gradient: when ``grads`` is None, the gradient as a function of the current
            weights (it gets a copy of them).

    Returns:
        the weights after step 1, 2, ..., each shape and dtype of ``w0``.

    A pure function of its arguments, so it runs once per process for the same ones
    (grading many submissions in one process asks for the same trajectories again): pass
    the same ``gradient`` object to reuse a trajectory. Every caller gets its own copies.
    """
    w0 = np.asarray(w0)
    if grads is not None:
        grads = [np.asarray(g) for g in grads]
    key = (
        name,
        w0.dtype.str,
        w0.shape,
        w0.tobytes(),
        None if grads is None else tuple((g.dtype.str, g.shape, g.tobytes()) for g in grads),
        steps,
        tuple(sorted((hyper or {}).items())),
        gradient,
    )
    try:
        known = _TRAJECTORIES.get(key)
    except TypeError:  # a hyper-parameter that is not hashable: no reuse
        return _torch_trajectory(name, w0, grads, steps, hyper, gradient)
    if known is None:
        known = _TRAJECTORIES[key] = _torch_trajectory(name, w0, grads, steps, hyper, gradient)
    return [w.copy() for w in known]


def _torch_trajectory(name, w0, grads, steps, hyper, gradient):
    import torch

    hyper = hyper or {}
    p = torch.nn.Parameter(torch.tensor(w0.copy()))
    opt = TORCH_OPTIMIZERS[name](torch, p, hyper)
    out = []
    for t in range(len(grads) if grads is not None else steps):
        w = p.detach().numpy()
        g = grads[t] if grads is not None else gradient(w.copy())
        p.grad = torch.tensor(g)
        opt.step()
        out.append(p.detach().numpy().copy())
    return out


# Batch normalisation and the residual block of assignment 5.


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


# Sequence models of assignment 7 (torch_rnn and torch_lstm above).


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


# Word embeddings and language models of assignment 8.


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


# Layers of assignments 2 and 6.


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
