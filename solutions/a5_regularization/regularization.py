"""Assignment 5: dropout, batch normalisation and residual blocks.

Three layers that make deep networks trainable, each a CS231n-style pair
``<layer>_forward(...) -> (out, cache)`` / ``<layer>_backward(dout, cache) -> grads``:

- inverted dropout (深度学习中的正则化, Dropout);
- batch normalisation (梯度消失问题的解决方法, 批标准化), with running averages;
- a residual block y = x + F(x) (深度残差网络).

Every cache is a plain dict whose keys are listed in the forward's docstring. The backward
functions must read only those keys: the grader builds caches itself to test a backward
independently of your forward. Nothing is changed in place; new state is returned.
"""

from __future__ import annotations

from typing import Any

import numpy as np

Cache = dict[str, Any]


# --------------------------------------------------------------------------------------
# q1: inverted dropout (深度学习中的正则化, Dropout)
# --------------------------------------------------------------------------------------


def dropout_forward(
    x: np.ndarray, keep_prob: float, mode: str = "train", seed: int | None = None
) -> tuple[np.ndarray, Cache]:
    """Inverted dropout (深度学习中的正则化, Dropout).

    In training each unit is kept with probability ``keep_prob`` (p) and dropped (set to 0)
    otherwise; kept units are divided by p so that E[out] = x and nothing needs rescaling at
    test time. In evaluation the layer is the identity.

    Draw the keep-mask as ``np.random.default_rng(seed).random(x.shape) < keep_prob``, so
    the same seed gives the same mask.

    Args:
        x: input, any shape, e.g. (N, D).
        keep_prob: p, the probability of keeping a unit, 0 < p <= 1.
        mode: "train" (random mask) or "eval" (identity).
        seed: seed of the mask's random generator (train mode only).

    Returns:
        out: same shape and dtype as x.
        cache: {"mask": bool array of x's shape, True where the unit is kept (all True in
            eval mode), "keep_prob": p, "mode": mode}.
    """
    if mode not in ("train", "eval"):
        raise ValueError(f"mode must be 'train' or 'eval', got {mode!r}")
    if not 0 < keep_prob <= 1:
        raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob}")
    # BEGIN SOLUTION q1: inverted dropout in train mode, the identity in eval mode
    if mode == "eval":
        mask = np.ones(x.shape, dtype=bool)
        return x.copy(), {"mask": mask, "keep_prob": keep_prob, "mode": mode}
    mask = np.random.default_rng(seed).random(x.shape) < keep_prob
    # Dividing by p during training keeps E[out] = x, so evaluation needs no rescaling.
    out = (x * mask / np.asarray(keep_prob, dtype=x.dtype)).astype(x.dtype, copy=False)
    return out, {"mask": mask, "keep_prob": keep_prob, "mode": mode}
    # END SOLUTION


def dropout_backward(dout: np.ndarray, cache: Cache) -> np.ndarray:
    """Backward pass of inverted dropout.

    Args:
        dout: upstream gradient ∂ℓ/∂out, shape of x.
        cache: the dict made by ``dropout_forward`` (keys "mask", "keep_prob", "mode").

    Returns:
        dx: ∂ℓ/∂x, shape and dtype of dout (the single gradient, not a tuple).
    """
    # BEGIN SOLUTION q1: pass the gradient through the forward's mask, scaled as in the forward
    if cache["mode"] == "eval":
        return dout.copy()
    scale = np.asarray(cache["keep_prob"], dtype=dout.dtype)
    return (dout * cache["mask"] / scale).astype(dout.dtype, copy=False)
    # END SOLUTION


# --------------------------------------------------------------------------------------
# q2, q3: batch normalisation (梯度消失问题的解决方法, 批标准化)
# --------------------------------------------------------------------------------------


def batchnorm_forward(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    state: dict[str, np.ndarray] | None = None,
    mode: str = "train",
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> tuple[np.ndarray, Cache, dict[str, np.ndarray]]:
    """Batch normalisation of a mini-batch B = {x_1..m} (批标准化, Batch Normalization).

    Train mode, as in the lecture, per feature (column) j:
        μ_B = 1/m Σ_i x_i,   σ²_B = 1/m Σ_i (x_i - μ_B)²,
        x̂_i = (x_i - μ_B) / sqrt(σ²_B + ε),   y_i = γ x̂_i + β,
    and the running averages move towards the batch statistics with PyTorch's convention
    (``torch.nn.BatchNorm1d``, momentum 0.1 by default):
        running_mean ← (1 - momentum) running_mean + momentum μ_B,
        running_var  ← (1 - momentum) running_var  + momentum σ²_B · m / (m - 1).
    The running variance uses the unbiased estimate (divide by m - 1) exactly like PyTorch,
    while the normalisation itself uses the biased σ²_B of the lecture.

    Eval mode normalises with the running mean and variance instead of the batch's and
    leaves the state unchanged.

    Args:
        x: mini-batch, shape (m, D); train mode needs m > 1.
        gamma: scale γ, shape (D,).
        beta: shift β, shape (D,).
        state: {"running_mean": (D,), "running_var": (D,)}; None means a fresh layer
            (running_mean zeros, running_var ones, as in PyTorch).
        mode: "train" or "eval".
        momentum: weight of the current batch in the running averages.
        eps: ε added to the variance.

    Returns:
        out: y, shape (m, D), dtype of x.
        cache: {"x": x, "x_hat": x̂, "mean": μ used, "var": σ² used (batch's biased
            variance in train mode, running variance in eval mode), "eps": ε,
            "gamma": γ, "mode": mode}.
        state: a new dict {"running_mean", "running_var"} (the one given is not modified).
    """
    if mode not in ("train", "eval"):
        raise ValueError(f"mode must be 'train' or 'eval', got {mode!r}")
    if state is None:
        d = x.shape[1]
        state = {"running_mean": np.zeros(d, dtype=x.dtype), "running_var": np.ones(d, x.dtype)}
    # BEGIN SOLUTION q2: normalise (batch stats + running update in train, running stats in eval)
    running_mean, running_var = state["running_mean"], state["running_var"]
    if mode == "train":
        m = x.shape[0]
        mean = x.mean(axis=0)
        var = x.var(axis=0)
        new_state = {
            "running_mean": (1 - momentum) * running_mean + momentum * mean,
            "running_var": (1 - momentum) * running_var + momentum * var * (m / (m - 1)),
        }
    else:
        mean, var = running_mean, running_var
        new_state = {"running_mean": running_mean.copy(), "running_var": running_var.copy()}
    x_hat = ((x - mean) / np.sqrt(var + eps)).astype(x.dtype, copy=False)
    out = (gamma * x_hat + beta).astype(x.dtype, copy=False)
    cache = {
        "x": x,
        "x_hat": x_hat,
        "mean": mean,
        "var": var,
        "eps": eps,
        "gamma": gamma,
        "mode": mode,
    }
    return out, cache, new_state
    # END SOLUTION


def batchnorm_backward(dout: np.ndarray, cache: Cache) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of batch normalisation (批标准化).

    With the lecture's ∂ℓ/∂γ = Σ_i ∂ℓ/∂y_i · x̂_i and ∂ℓ/∂β = Σ_i ∂ℓ/∂y_i. In train mode
    μ_B and σ²_B depend on every x_i, so ∂ℓ/∂x_i collects three paths (through x̂_i, μ_B and
    σ²_B); in eval mode the statistics are constants.

    Args:
        dout: ∂ℓ/∂y, shape (m, D).
        cache: the dict made by ``batchnorm_forward``; use only its documented keys.

    Returns:
        dx: (m, D); dgamma: (D,); dbeta: (D,); all in dout's dtype.
    """
    # BEGIN SOLUTION q3: dgamma, dbeta as in the lecture; dx through x_hat, mean and variance
    x_hat, gamma = cache["x_hat"], cache["gamma"]
    inv_std = 1.0 / np.sqrt(cache["var"] + cache["eps"])
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    if cache["mode"] == "eval":
        dx = dx_hat * inv_std
    else:
        # Compact form of the three paths: subtract the mean gradient and the component
        # along x_hat, which is what the dependence of μ_B and σ²_B on x removes.
        dx = inv_std * (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0))
    dt = dout.dtype
    return dx.astype(dt, copy=False), dgamma.astype(dt, copy=False), dbeta.astype(dt, copy=False)
    # END SOLUTION


# --------------------------------------------------------------------------------------
# q4: residual block (深度残差网络, ResNet)
# --------------------------------------------------------------------------------------


def residual_forward(
    x: np.ndarray, w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray
) -> tuple[np.ndarray, Cache]:
    """Residual block y = x + F(x) with F = affine - ReLU - affine (深度残差网络).

    F(x) = relu(x W₁ + b₁) W₂ + b₂ (matrix products, relu elementwise). The identity
    shortcut adds no parameter (与普通网络相比，残差网络没有额外的参数).

    Args:
        x: input, shape (N, D).
        w1: (D, H); b1: (H,); w2: (H, D); b2: (D,).

    Returns:
        out: y, shape (N, D), dtype of x.
        cache: {"x": x, "w1": w1, "w2": w2, "z1": the pre-activation x W₁ + b₁, (N, H)}.
    """
    # BEGIN SOLUTION q4: affine - ReLU - affine, then add the input x
    z1 = x @ w1 + b1
    out = x + np.maximum(z1, 0) @ w2 + b2
    return out.astype(x.dtype, copy=False), {"x": x, "w1": w1, "w2": w2, "z1": z1}
    # END SOLUTION


def residual_backward(
    dout: np.ndarray, cache: Cache
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of the residual block.

    Args:
        dout: ∂ℓ/∂y, shape (N, D).
        cache: the dict made by ``residual_forward``; use only its documented keys.

    Returns:
        (dx (N, D), dw1 (D, H), db1 (H,), dw2 (H, D), db2 (D,)), in dout's dtype.
    """
    # BEGIN SOLUTION q4: backpropagate through F and add the identity path's gradient
    x, w1, w2, z1 = cache["x"], cache["w1"], cache["w2"], cache["z1"]
    h1 = np.maximum(z1, 0)
    dw2 = h1.T @ dout
    db2 = dout.sum(axis=0)
    dz1 = (dout @ w2.T) * (z1 > 0)
    dw1 = x.T @ dz1
    db1 = dz1.sum(axis=0)
    # The shortcut y = x + F(x) passes dout to x unchanged, on top of F's contribution.
    dx = dout + dz1 @ w1.T
    dt = dout.dtype
    return tuple(g.astype(dt, copy=False) for g in (dx, dw1, db1, dw2, db2))  # type: ignore[return-value]
    # END SOLUTION
