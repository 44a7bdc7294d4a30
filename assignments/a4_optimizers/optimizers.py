"""First-order optimizers (陷入局部最小的解决方法: 02 Adam算法).

Every optimizer follows one contract:

    w_new, state = update(w, dw, state, **hyper)

- w: the parameter, an array of any shape (float32 or float64);
- dw: the gradient ∂L/∂w, same shape;
- state: None on the first call; afterwards whatever the previous call returned for this
  parameter (a dict you fill in: velocities, moment estimates, step counter);
- hyper: the hyper-parameters as keyword arguments, with the defaults of PyTorch's
  `torch.optim` (which the tests compare against, step by step).

Return a new array for w_new with the dtype of w; keep everything an optimizer
remembers in `state`, never in a global, since every parameter has its own state.
"""

from __future__ import annotations

from typing import Any

import numpy as np

State = dict[str, Any]


def sgd(
    w: np.ndarray, dw: np.ndarray, state: State | None = None, lr: float = 1e-2
) -> tuple[np.ndarray, State]:
    """Stochastic gradient descent (随机梯度下降): w ← w − η ∂L/∂w.

    Args:
        w: parameter, any shape.
        dw: gradient, shape of w.
        state: unused by SGD; return a dict (empty is fine).
        lr: learning rate η.
    Returns:
        w_new: shape and dtype of w.
        state: a dict.
    """
    raise NotImplementedError("q1: take one step against the gradient")


def sgd_momentum(
    w: np.ndarray,
    dw: np.ndarray,
    state: State | None = None,
    lr: float = 1e-2,
    momentum: float = 0.9,
) -> tuple[np.ndarray, State]:
    """SGD with momentum (带动量的梯度算法), in PyTorch's form.

    b_t = μ b_{t−1} + g_t (b_0 = 0, so b_1 = g_1), then w ← w − η b_t.
    (CS231n's v_t = μ v_{t−1} − η g_t, w ← w + v_t is the same update when η is constant.)

    Args:
        w: parameter, any shape.
        dw: gradient g_t, shape of w.
        state: None on the first call, then the returned dict.
        lr: learning rate η.
        momentum: μ.
    Returns:
        w_new: shape and dtype of w.
        state: dict holding the momentum buffer.
    """
    raise NotImplementedError("q1: update the momentum buffer kept in state, then step along it")


def rmsprop(
    w: np.ndarray,
    dw: np.ndarray,
    state: State | None = None,
    lr: float = 1e-2,
    alpha: float = 0.99,
    eps: float = 1e-8,
) -> tuple[np.ndarray, State]:
    """RMSProp, in PyTorch's form (torch.optim.RMSprop without momentum or centring).

    s_t = α s_{t−1} + (1 − α) g_t² (s_0 = 0), then w ← w − η g_t / (√s_t + ε).
    ε is added outside the square root, as in PyTorch.

    Args:
        w: parameter, any shape.
        dw: gradient g_t, shape of w.
        state: None on the first call, then the returned dict.
        lr: learning rate η.
        alpha: decay rate α of the running average of squared gradients.
        eps: ε, added to √s_t.
    Returns:
        w_new: shape and dtype of w.
        state: dict holding the running average s_t.
    """
    raise NotImplementedError("q2: update the running average of g² in state, then take the scaled step")


def adam(
    w: np.ndarray,
    dw: np.ndarray,
    state: State | None = None,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[np.ndarray, State]:
    """Adam (适应性矩估计: Adaptive Moment Estimation) with bias correction.

    With t counting calls from 1 and m_0 = v_0 = 0:
        m_t = β1 m_{t−1} + (1 − β1) g_t,      v_t = β2 v_{t−1} + (1 − β2) g_t²,
        m̂_t = m_t / (1 − β1^t),               v̂_t = v_t / (1 − β2^t),
        w ← w − η m̂_t / (√v̂_t + ε).
    The slide writes √(v̂_t + ε); the Adam paper and PyTorch add ε outside the square
    root, and so does this function (the tests compare against torch.optim.Adam).

    Args:
        w: parameter, any shape.
        dw: gradient g_t, shape of w.
        state: None on the first call, then the returned dict.
        lr: learning rate η.
        beta1: β1, decay of the first moment (slide default 0.9).
        beta2: β2, decay of the second moment (slide default 0.999).
        eps: ε (slide default 1e-8).
    Returns:
        w_new: shape and dtype of w.
        state: dict holding m_t, v_t and t.
    """
    raise NotImplementedError("q3: update m, v and t in state, correct their bias, then step")
