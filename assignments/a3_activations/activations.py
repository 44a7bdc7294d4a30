"""Activations, losses and vanishing gradients (激活函数与损失函数, 梯度消失问题的解决方法).

Given: a2's layers (sigmoid, tanh, ReLU), which the rest builds on,
and one worked example of each contract below, to read before writing its question.

- q1 and q3, losses (损失函数) whose gradients you derive:
  `loss, dpred = <name>(pred, target)`, where `loss` is a float,
  the mean of the per-sample losses over the batch, and `dpred` = ∂loss/∂pred has the
  shape and dtype of `pred`. Worked example: `squared_error`, the lecture's loss.
- q2, activations (激活函数), following the course's layer contract:

      out, cache = <name>_forward(x, ...)     # x and out: any shape, same dtype
      dx = <name>_backward(dout, cache)       # dout, dx: the shape of x

  `dout` is the upstream gradient ∂L/∂out and `dx` = ∂L/∂x = dout * f'(x), elementwise.
  Worked examples: `leaky_relu_*` (the contract) and `softplus_*` (log(1 + e^x) without
  overflow, which q3's binary cross-entropy needs too).
- q4, vanishing gradients (梯度消失问题): per-layer gradient norms of a deep stack.

Every function must stay finite and silent (no overflow RuntimeWarning) for inputs as
large as ±1e3, and must return arrays of the dtype of its input (float32 in, float32 out).
"""

from __future__ import annotations

from typing import Any

import numpy as np

Cache = Any


# ---------------------------------------------------------------------------
# Given: the layers of assignment 2, as a2 gave or asked for them
# ---------------------------------------------------------------------------
# The lecture's three activations (非线性激活函数) and the softmax loss, in a2's forms:
# stable for |x| up to 1e3 and keeping the input's dtype. This assignment builds on them
# instead of asking for them again.


def sigmoid_forward(x: np.ndarray) -> tuple[np.ndarray, Cache]:
    """Logistic sigmoid σ(x) = 1 / (1 + e^{-x}), computed with e^{-|x|} only (given)."""
    e = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)
    return out, out


def sigmoid_backward(dout: np.ndarray, cache: Cache) -> np.ndarray:
    """Backward pass of the sigmoid, σ' = σ(1 − σ) (given)."""
    return dout * cache * (1 - cache)


def tanh_forward(x: np.ndarray) -> tuple[np.ndarray, Cache]:
    """Hyperbolic tangent (given)."""
    out = np.tanh(x)
    return out, out


def tanh_backward(dout: np.ndarray, cache: Cache) -> np.ndarray:
    """Backward pass of tanh, tanh' = 1 − tanh² (given)."""
    return dout * (1 - cache * cache)


def relu_forward(x: np.ndarray) -> tuple[np.ndarray, Cache]:
    """ReLU(x) = max(0, x) (given)."""
    out = np.maximum(x, 0)
    return out, out


def relu_backward(dout: np.ndarray, cache: Cache) -> np.ndarray:
    """Backward pass of ReLU: dout where x > 0, else 0 (given)."""
    return dout * (cache > 0)


# ---------------------------------------------------------------------------
# q1: the loss at a sigmoid output, and the hinge loss: gradients you derive
# ---------------------------------------------------------------------------


def squared_error(y: np.ndarray, d: np.ndarray) -> tuple[float, np.ndarray]:
    """Squared error with the lecture's ½: E = ½ Σ_k (y_k − d_k)², averaged over the batch
    (given: a worked example of the loss contract).

    The lecture writes the loss of one sample, L(w) = ½ (y − f_w(x))²; for a batch
    loss = (1/N) Σ_n ½ Σ_k (y_nk − d_nk)². Its gradient needs no chain rule:
    ∂loss/∂y_nk = (y_nk − d_nk) / N, the ½ cancelling the 2 of the square and the mean
    contributing 1/N. Every loss of this assignment returns the same pair: a Python float
    and a gradient of the shape and dtype of the predictions (d may be float64 while y is
    float32, hence the cast).

    Args:
        y: network outputs, shape (N, K).
        d: targets, shape (N, K).
    Returns:
        loss: float.
        dy: ∂loss/∂y, shape (N, K), dtype of y.
    """
    n = y.shape[0]
    diff = y - d
    loss = 0.5 * float(np.sum(diff * diff)) / n
    return loss, (diff / n).astype(y.dtype, copy=False)


def sigmoid_squared_error(z: np.ndarray, d: np.ndarray) -> tuple[float, np.ndarray]:
    """Squared error of a sigmoid output, as a function of the logit z (输出层).

    p = σ(z) and loss = (1/N) Σ_n ½ (p_n − d_n)²: the given `squared_error` of p. Derive
    ∂loss/∂z with the chain rule through σ, and compare it with the gradient of
    `binary_cross_entropy_with_logits` (q3) for a confidently wrong output (z = −10,
    d = 1): the notebook plots both.

    Args:
        z: logits, shape (N,).
        d: targets in [0, 1], shape (N,).
    Returns:
        loss: float.
        dz: ∂loss/∂z, shape (N,), dtype of z.
    """
    raise NotImplementedError("q1: the squared error of σ(z), and its gradient through σ")


def multiclass_hinge(
    scores: np.ndarray, y: np.ndarray, margin: float = 1.0
) -> tuple[float, np.ndarray]:
    """Multiclass hinge (SVM) loss: ℓ_n = Σ_{k ≠ y_n} max(0, s_nk − s_{n,y_n} + margin),
    averaged over the batch.

    Derive its (sub)gradient: each term that is positive pushes its own score up and the
    correct class's score down; at a kink (a term exactly 0) take the derivative as 0.

    Args:
        scores: class scores, shape (N, C).
        y: integer labels in [0, C), shape (N,).
        margin: the margin Δ > 0.
    Returns:
        loss: float.
        dscores: ∂loss/∂scores, shape (N, C), dtype of scores.
    """
    raise NotImplementedError("q1: the margins of the wrong classes, their mean sum, and the gradient")


# ---------------------------------------------------------------------------
# q2: the other activations the lecture names (其他激活函数); the first two are given
# ---------------------------------------------------------------------------


def leaky_relu_forward(x: np.ndarray, alpha: float = 0.01) -> tuple[np.ndarray, Cache]:
    """Leaky ReLU: x for x > 0, alpha * x otherwise (given: a worked example of the layer
    contract).

    ReLU with a small slope alpha instead of 0 for x <= 0, so that a unit whose input is
    negative still passes some gradient back. Its derivative is 1 for x > 0 and alpha for
    x <= 0: the very numbers that multiply x in the forward pass. So the forward pass
    computes them once, as an array `slope`, and keeps that array as its cache; the
    backward pass multiplies dout by it, elementwise. `slope` is cast to the dtype of x
    because np.where with the Python numbers 1 and alpha builds a float64 array, which
    would turn a float32 output and gradient into float64.

    Args:
        x: input, any shape.
        alpha: slope for x <= 0.
    Returns:
        out: same shape and dtype as x.
        cache: the local derivative f'(x), shape and dtype of x.
    """
    slope = np.where(x > 0, 1, alpha).astype(x.dtype)
    return x * slope, slope


def leaky_relu_backward(dout: np.ndarray, cache: Cache) -> np.ndarray:
    """Backward pass of leaky ReLU (given): dx = dout * f'(x), with f'(x) from the cache.

    Args:
        dout: upstream gradient, shape of x.
        cache: from leaky_relu_forward.
    Returns:
        dx: shape and dtype of x.
    """
    return dout * cache


def elu_forward(x: np.ndarray, alpha: float = 1.0) -> tuple[np.ndarray, Cache]:
    """Exponential linear unit: x for x > 0, alpha * (e^x − 1) otherwise.

    Args:
        x: input, any shape.
        alpha: saturation value for very negative x is −alpha.
    Returns:
        out: same shape and dtype as x.
        cache: whatever elu_backward needs.
    Note:
        e^x overflows for large positive x even where that branch is not used.
    """
    raise NotImplementedError("q2: compute ELU without evaluating e^x for large positive x")


def elu_backward(dout: np.ndarray, cache: Cache) -> np.ndarray:
    """Backward pass of ELU: derivative 1 for x > 0, alpha * e^x for x <= 0.

    Args:
        dout: upstream gradient, shape of x.
        cache: from elu_forward.
    Returns:
        dx: shape and dtype of x.
    """
    raise NotImplementedError("q2: derivative 1 for x > 0 and alpha * e^x elsewhere, without overflow")


def softplus_forward(x: np.ndarray) -> tuple[np.ndarray, Cache]:
    """Softplus log(1 + e^x), the smooth approximation of ReLU (ReLU可以被近似为softplus函数)
    (given: a worked example of computing log(1 + e^x) without overflow).

    Written as it reads, log(1 + e^x) fails at both ends: e^x overflows for x > 709
    (float64; x > 88 in float32), and for very negative x, 1 + e^x rounds to 1 and the
    result to 0, while the true value is about e^x. Taking the larger of 0 and x out of
    the logarithm gives the same function, log(1 + e^x) = max(x, 0) + log(1 + e^{−|x|}),
    where the exponent is never positive; `np.log1p(u)` computes log(1 + u) accurately
    for tiny u. Its derivative is e^x / (1 + e^x) = σ(x), the given sigmoid.

    Args:
        x: input, any shape.
    Returns:
        out: same shape and dtype as x; equals x to rounding for large x and 0 for very
            negative x.
        cache: x.
    """
    out = np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))
    return out.astype(x.dtype, copy=False), x


def softplus_backward(dout: np.ndarray, cache: Cache) -> np.ndarray:
    """Backward pass of softplus (given): dx = dout * σ(x).

    Args:
        dout: upstream gradient, shape of x.
        cache: from softplus_forward.
    Returns:
        dx: shape and dtype of x.
    """
    sigma, _ = sigmoid_forward(cache)
    return (dout * sigma).astype(dout.dtype, copy=False)


def noisy_relu_forward(
    x: np.ndarray, std: float = 1.0, train: bool = True, seed: int | None = None
) -> tuple[np.ndarray, Cache]:
    """Noisy ReLU max(0, x + N(0, δ)) (另一个版本Noise ReLU), with a constant noise std δ.

    In training mode the noise is drawn as
    ``np.random.default_rng(seed).standard_normal(x.shape)`` (float64), multiplied by
    `std` and added to x; the same seed therefore gives the same output. In evaluation
    mode (train=False) no noise is added: the layer is a plain ReLU.

    Args:
        x: input, any shape.
        std: standard deviation δ of the Gaussian noise.
        train: True for training mode, False for evaluation mode.
        seed: seed of the generator that draws the noise (None: fresh entropy).
    Returns:
        out: same shape and dtype as x.
        cache: whatever noisy_relu_backward needs.
    """
    raise NotImplementedError("q2: add the seeded noise in training mode only, then apply max(0, ·)")


def noisy_relu_backward(dout: np.ndarray, cache: Cache) -> np.ndarray:
    """Backward pass of the noisy ReLU: the noise is a constant, so the derivative is 1
    where x + noise > 0 and 0 elsewhere (the same noise as the forward pass).

    Args:
        dout: upstream gradient, shape of x.
        cache: from noisy_relu_forward.
    Returns:
        dx: shape and dtype of x.
    """
    raise NotImplementedError("q2: pass dout through where the noisy input was positive")


# ---------------------------------------------------------------------------
# q3: losses with their gradients (损失函数)
# ---------------------------------------------------------------------------


def binary_cross_entropy_with_logits(z: np.ndarray, d: np.ndarray) -> tuple[float, np.ndarray]:
    """Binary cross-entropy of a sigmoid output, computed from the logit z.

    With p = σ(z) and a label d ∈ {0, 1}: ℓ = −[d log p + (1 − d) log(1 − p)],
    averaged over the batch. Computing σ first and then its log loses everything for
    large |z|: write log p and log(1 − p) as functions of z, and compute the logarithms
    of the form log(1 + e^u) that appear with the given `softplus_forward`, which never
    exponentiates a positive number. Derive ∂loss/∂z yourself (chain rule through
    p = σ(z), with σ' = σ(1 − σ)); the notebook checks it against centred differences.

    Args:
        z: logits, shape (N,).
        d: labels in {0, 1} (any real dtype), shape (N,).
    Returns:
        loss: float.
        dz: ∂loss/∂z, shape (N,), dtype of z.
    """
    raise NotImplementedError("q3: the stable mean BCE from logits, and the gradient you derived")


def soft_cross_entropy(scores: np.ndarray, d: np.ndarray) -> tuple[float, np.ndarray]:
    """Softmax loss (多分类问题的Softmax损失（交叉熵损失）) with a target distribution:
    L = −Σ_k d_k log ŷ_k, ŷ = softmax(scores) row by row, averaged over the batch.

    d need not be one-hot (label smoothing, a teacher's soft labels); each row of d sums
    to 1. Use the log-sum-exp trick (subtract the row maximum) so that scores of ±1e3 stay
    finite. Derive the gradient: write log ŷ_k = s_k − log Σ_j e^{s_j}, differentiate L with
    respect to every score, use Σ_k d_k = 1, and remember the mean over the batch. With
    one-hot rows of d it is a2's `softmax_cross_entropy` (integer labels): your loss and
    gradient must agree with it there.

    Args:
        scores: unnormalised class scores, shape (N, C).
        d: target distributions, shape (N, C), rows summing to 1.
    Returns:
        loss: float.
        dscores: ∂loss/∂scores, shape (N, C), dtype of scores.
    """
    raise NotImplementedError("q3: the log-sum-exp cross-entropy against d, and the gradient you derived")


# ---------------------------------------------------------------------------
# q4: vanishing gradients in a deep stack (梯度消失问题)
# ---------------------------------------------------------------------------


def layer_gradient_norms(
    x: np.ndarray, weights: list[np.ndarray], dout: np.ndarray, activation: str = "sigmoid"
) -> np.ndarray:
    """Frobenius norm of ∂L/∂W_l for every layer of a plain deep stack, first layer first.

    The stack has no biases: h_0 = x and h_l = f(h_{l−1} W_l) for l = 1..L, the
    activation f applied after every layer, the last one included. The lecture shows why
    the first layers' gradients shrink with depth for the sigmoid (σ' ∈ (0, 0.25] at every
    layer) and not for ReLU. Build it from the given layers (sigmoid_forward, relu_forward
    and their backward passes, stable for large |net|, which the tests' weights make):
    going forward, keep each layer's input h_{l−1} and its activation's cache; going
    back, each layer's backward pass gives ∂L/∂net_l, from which follow ∂L/∂W_l and the
    gradient handed to the layer below.

    Args:
        x: input batch, shape (N, D_0).
        weights: list of L matrices, weights[l] of shape (D_l, D_{l+1}).
        dout: upstream gradient ∂L/∂h_L, shape (N, D_L).
        activation: "sigmoid" or "relu" (ReLU'(0) = 0, as in the lecture).
    Returns:
        norms: shape (L,), float64; norms[l] = ||∂L/∂weights[l]||_F.
    Raises:
        ValueError: for another activation name.
    """
    raise NotImplementedError("q4: forward through the stack keeping what backward needs, then backpropagate")
