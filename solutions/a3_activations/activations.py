"""Activations, losses and vanishing gradients (激活函数与损失函数, 梯度消失问题的解决方法).

Three parts, one per group of questions:

- q1, q2, activations (激活函数), following the course's layer contract:

      out, cache = <name>_forward(x, ...)     # x and out: any shape, same dtype
      dx = <name>_backward(dout, cache)       # dout, dx: the shape of x

  `dout` is the upstream gradient ∂L/∂out and `dx` = ∂L/∂x = dout * f'(x), elementwise.
- q3, losses (损失函数): `loss, dpred = <name>(pred, target)`, where `loss` is a float,
  the mean of the per-sample losses over the batch, and `dpred` = ∂loss/∂pred has the
  shape and dtype of `pred`.
- q4, vanishing gradients (梯度消失问题): per-layer gradient norms of a deep stack.

Every function must stay finite and silent (no overflow RuntimeWarning) for inputs as
large as ±1e3, and must return arrays of the dtype of its input (float32 in, float32 out).
"""

from __future__ import annotations

from typing import Any

import numpy as np

Cache = Any


# ---------------------------------------------------------------------------
# q1: the lecture's three activations (非线性激活函数)
# ---------------------------------------------------------------------------


def sigmoid_forward(x: np.ndarray) -> tuple[np.ndarray, Cache]:
    """Logistic sigmoid σ(x) = 1 / (1 + e^{-x}) (激活函数: 逻辑Sigmoid函数).

    Args:
        x: input, any shape, float32 or float64.
    Returns:
        out: σ(x), same shape and dtype as x, values in [0, 1].
        cache: whatever sigmoid_backward needs.
    Note:
        e^{-x} overflows for x < -709 in float64 (-88 in float32): compute σ without
        ever exponentiating a large positive number.
    """
    # BEGIN SOLUTION q1: compute σ(x) stably for |x| up to 1e3 and return it with a cache
    # σ(x) = ½(1 + tanh(x/2)) is exact and never overflows.
    out = (0.5 * (1.0 + np.tanh(0.5 * x))).astype(x.dtype, copy=False)
    return out, out
    # END SOLUTION


def sigmoid_backward(dout: np.ndarray, cache: Cache) -> np.ndarray:
    """Backward pass of the sigmoid using σ'(x) = σ(x)(1 − σ(x)).

    Args:
        dout: upstream gradient ∂L/∂out, shape of x.
        cache: from sigmoid_forward.
    Returns:
        dx: ∂L/∂x, shape and dtype of x.
    """
    # BEGIN SOLUTION q1: use the lecture's identity σ' = σ(1 − σ)
    out = cache
    return dout * out * (1 - out)
    # END SOLUTION


def tanh_forward(x: np.ndarray) -> tuple[np.ndarray, Cache]:
    """Hyperbolic tangent tanh(x) = (e^x − e^{-x}) / (e^x + e^{-x}) (激活函数: Tanh函数).

    Args:
        x: input, any shape.
    Returns:
        out: tanh(x), same shape and dtype, values in [-1, 1].
        cache: whatever tanh_backward needs.
    """
    # BEGIN SOLUTION q1: compute tanh(x) stably and return it with a cache
    out = np.tanh(x)
    return out, out
    # END SOLUTION


def tanh_backward(dout: np.ndarray, cache: Cache) -> np.ndarray:
    """Backward pass of tanh using tanh'(x) = 1 − tanh(x)².

    Args:
        dout: upstream gradient, shape of x.
        cache: from tanh_forward.
    Returns:
        dx: shape and dtype of x.
    """
    # BEGIN SOLUTION q1: use the lecture's identity tanh' = 1 − tanh²
    out = cache
    return dout * (1 - out * out)
    # END SOLUTION


def relu_forward(x: np.ndarray) -> tuple[np.ndarray, Cache]:
    """Rectified linear unit ReLU(x) = max(0, x) (线性整流函数).

    Args:
        x: input, any shape.
    Returns:
        out: max(0, x), same shape and dtype.
        cache: whatever relu_backward needs.
    """
    # BEGIN SOLUTION q1: compute max(0, x) and return it with a cache
    return np.maximum(x, 0), x
    # END SOLUTION


def relu_backward(dout: np.ndarray, cache: Cache) -> np.ndarray:
    """Backward pass of ReLU; the lecture's derivative is 1 for x > 0 and 0 for x <= 0.

    Args:
        dout: upstream gradient, shape of x.
        cache: from relu_forward.
    Returns:
        dx: shape and dtype of x (0 where x <= 0, including x == 0).
    """
    # BEGIN SOLUTION q1: pass dout through where x > 0 only
    x = cache
    return np.where(x > 0, dout, 0).astype(dout.dtype, copy=False)
    # END SOLUTION


# ---------------------------------------------------------------------------
# q2: the other activations the lecture names (其他激活函数)
# ---------------------------------------------------------------------------


def leaky_relu_forward(x: np.ndarray, alpha: float = 0.01) -> tuple[np.ndarray, Cache]:
    """Leaky ReLU: x for x > 0, alpha * x otherwise.

    Args:
        x: input, any shape.
        alpha: slope for x <= 0.
    Returns:
        out: same shape and dtype as x.
        cache: whatever leaky_relu_backward needs.
    """
    # BEGIN SOLUTION q2: x where x > 0, alpha * x elsewhere
    out = np.where(x > 0, x, alpha * x).astype(x.dtype, copy=False)
    return out, (x, alpha)
    # END SOLUTION


def leaky_relu_backward(dout: np.ndarray, cache: Cache) -> np.ndarray:
    """Backward pass of leaky ReLU: derivative 1 for x > 0, alpha for x <= 0.

    Args:
        dout: upstream gradient, shape of x.
        cache: from leaky_relu_forward.
    Returns:
        dx: shape and dtype of x.
    """
    # BEGIN SOLUTION q2: scale dout by 1 or alpha depending on the sign of x
    x, alpha = cache
    return np.where(x > 0, dout, alpha * dout).astype(dout.dtype, copy=False)
    # END SOLUTION


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
    # BEGIN SOLUTION q2: compute ELU without evaluating e^x for large positive x
    # expm1 keeps precision near 0; the minimum keeps the unused branch from overflowing.
    neg = alpha * np.expm1(np.minimum(x, 0))
    out = np.where(x > 0, x, neg).astype(x.dtype, copy=False)
    return out, (x, alpha)
    # END SOLUTION


def elu_backward(dout: np.ndarray, cache: Cache) -> np.ndarray:
    """Backward pass of ELU: derivative 1 for x > 0, alpha * e^x for x <= 0.

    Args:
        dout: upstream gradient, shape of x.
        cache: from elu_forward.
    Returns:
        dx: shape and dtype of x.
    """
    # BEGIN SOLUTION q2: derivative 1 for x > 0 and alpha * e^x elsewhere, without overflow
    x, alpha = cache
    slope = alpha * np.exp(np.minimum(x, 0))
    return np.where(x > 0, dout, dout * slope).astype(dout.dtype, copy=False)
    # END SOLUTION


def softplus_forward(x: np.ndarray) -> tuple[np.ndarray, Cache]:
    """Softplus log(1 + e^x), the smooth approximation of ReLU (ReLU可以被近似为softplus函数).

    Args:
        x: input, any shape.
    Returns:
        out: same shape and dtype as x; equals x to rounding for large x and 0 for very
            negative x.
        cache: whatever softplus_backward needs.
    """
    # BEGIN SOLUTION q2: compute log(1 + e^x) without overflow
    return np.logaddexp(0, x).astype(x.dtype, copy=False), x
    # END SOLUTION


def softplus_backward(dout: np.ndarray, cache: Cache) -> np.ndarray:
    """Backward pass of softplus: its derivative is the sigmoid σ(x).

    Args:
        dout: upstream gradient, shape of x.
        cache: from softplus_forward.
    Returns:
        dx: shape and dtype of x.
    """
    # BEGIN SOLUTION q2: multiply dout by σ(x), computed stably
    x = cache
    return (dout * (0.5 * (1.0 + np.tanh(0.5 * x)))).astype(dout.dtype, copy=False)
    # END SOLUTION


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
    # BEGIN SOLUTION q2: add the seeded noise in training mode only, then apply max(0, ·)
    z = x
    if train:
        noise_source = np.random.default_rng(seed)
        z = x + (std * noise_source.standard_normal(x.shape)).astype(x.dtype, copy=False)
    return np.maximum(z, 0), z
    # END SOLUTION


def noisy_relu_backward(dout: np.ndarray, cache: Cache) -> np.ndarray:
    """Backward pass of the noisy ReLU: the noise is a constant, so the derivative is 1
    where x + noise > 0 and 0 elsewhere (the same noise as the forward pass).

    Args:
        dout: upstream gradient, shape of x.
        cache: from noisy_relu_forward.
    Returns:
        dx: shape and dtype of x.
    """
    # BEGIN SOLUTION q2: pass dout through where the noisy input was positive
    z = cache
    return np.where(z > 0, dout, 0).astype(dout.dtype, copy=False)
    # END SOLUTION


# ---------------------------------------------------------------------------
# q3: losses with their gradients (损失函数)
# ---------------------------------------------------------------------------
def squared_error(y: np.ndarray, d: np.ndarray) -> tuple[float, np.ndarray]:
    """Squared error with the lecture's ½: E = ½ Σ_k (y_k − d_k)², averaged over the batch.

    The lecture writes the loss of one sample, L(w) = ½ (y − f_w(x))²; for a batch
    loss = (1/N) Σ_n ½ Σ_k (y_nk − d_nk)².

    Args:
        y: network outputs, shape (N, K).
        d: targets, shape (N, K).
    Returns:
        loss: float.
        dy: ∂loss/∂y, shape (N, K), dtype of y.
    """
    # BEGIN SOLUTION q3: the mean over the batch of the per-sample loss, and its gradient
    n = y.shape[0]
    diff = y - d
    loss = 0.5 * float(np.sum(diff * diff)) / n
    return loss, (diff / n).astype(y.dtype, copy=False)
    # END SOLUTION


def binary_cross_entropy_with_logits(z: np.ndarray, d: np.ndarray) -> tuple[float, np.ndarray]:
    """Binary cross-entropy of a sigmoid output, computed from the logit z.

    With p = σ(z) and a label d ∈ {0, 1}: ℓ = −[d log p + (1 − d) log(1 − p)],
    averaged over the batch. Computing σ first and then its log loses everything for
    large |z|: write log p and log(1 − p) as functions of z and keep every exponent ≤ 0.
    Derive ∂loss/∂z yourself (chain rule through p = σ(z), with σ' = σ(1 − σ)); the
    notebook checks it against centred differences.

    Args:
        z: logits, shape (N,).
        d: labels in {0, 1} (any real dtype), shape (N,).
    Returns:
        loss: float.
        dz: ∂loss/∂z, shape (N,), dtype of z.
    """
    # BEGIN SOLUTION q3: the stable mean BCE from logits, and the gradient you derived
    n = z.shape[0]
    # max(z, 0) − z d + log(1 + e^{−|z|}) never exponentiates a positive number.
    per_sample = np.maximum(z, 0) - z * d + np.log1p(np.exp(-np.abs(z)))
    p = 0.5 * (1.0 + np.tanh(0.5 * z))
    return float(np.sum(per_sample)) / n, ((p - d) / n).astype(z.dtype, copy=False)
    # END SOLUTION


def softmax_cross_entropy(scores: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Softmax loss (多分类问题的Softmax损失（交叉熵损失）): L = −Σ_k d_k log ŷ_k.

    ŷ = softmax(scores) row by row and d is the one-hot vector of the label, so the
    per-sample loss is −log ŷ_{y_n}; the loss is averaged over the batch. Use the
    log-sum-exp trick (subtract the row maximum) so that scores of ±1e3 stay finite.

    Args:
        scores: unnormalised class scores, shape (N, C).
        y: integer labels in [0, C), shape (N,).
    Returns:
        loss: float.
        dscores: ∂loss/∂scores, shape (N, C), dtype of scores. Derive it: differentiate
            −log ŷ_{y_n} = −s_{y_n} + log Σ_k e^{s_k} with respect to every score s_k,
            then remember the mean over the batch.
    """
    # BEGIN SOLUTION q3: the log-sum-exp softmax cross-entropy, and the gradient you derived
    n = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(n)
    loss = -float(np.sum(log_probs[rows, y])) / n
    dscores = np.exp(log_probs)
    dscores[rows, y] -= 1
    return loss, (dscores / n).astype(scores.dtype, copy=False)
    # END SOLUTION


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
    layer) and not for ReLU. Write the forward and backward passes here rather than calling
    the q1 functions, so this question stands on its own; the sigmoid must be as stable as
    the one you wrote for q1 (the tests use weights that make |net| large).

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
    # BEGIN SOLUTION q4: forward through the stack keeping what backward needs, then backpropagate
    if activation not in ("sigmoid", "relu"):
        raise ValueError(f"unknown activation {activation!r}: use 'sigmoid' or 'relu'")
    inputs, derivs = [], []
    h = x
    for w in weights:
        inputs.append(h)
        z = h @ w
        if activation == "sigmoid":
            h = np.exp(-np.logaddexp(0.0, -z))  # σ(z) = exp(−log(1 + e^{−z})), stable
            derivs.append(h * (1 - h))
        else:
            h = np.maximum(z, 0)
            derivs.append((z > 0).astype(z.dtype))
    norms = np.empty(len(weights))
    grad = dout
    for layer in range(len(weights) - 1, -1, -1):
        dz = grad * derivs[layer]
        norms[layer] = np.linalg.norm(inputs[layer].T @ dz)
        grad = dz @ weights[layer].T
    return norms
    # END SOLUTION
