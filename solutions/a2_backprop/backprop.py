"""Assignment 2, part 1: the lecture's two-layer network and one step of backpropagation.

Lecture sections 反向传播算法介绍 (前馈预测, 反向传播进行参数学习) and 反向传播算法示例.

The network has inputs x_m, hidden units h_j = f(net_j) and outputs y_k = f(net_k), with
sigmoid f in both layers and no biases, exactly as on the slides:

    net_j = Σ_m w_jm x_m        h_j = f(net_j)
    net_k = Σ_j w_kj h_j        y_k = f(net_k)
    E(W)  = ½ Σ_k (y_k − d_k)²

Conventions (the course's layer contract): a batch of inputs is ``x`` of shape (N, M), one
example per row, and a weight matrix maps its input to its output by ``x @ w``. So the
lecture's w_jm is ``w1[m, j]`` (w1 has shape (M, J): row = input, column = hidden unit) and
w_kj is ``w2[j, k]`` (shape (J, K)). For a batch, E sums the per-example errors.
"""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function f(z) = 1 / (1 + e^(−z)), computed without overflow.

    Given to you complete. exp is only ever taken of −|z|, so large |z| cannot overflow.

    Args:
        z: any shape, floating dtype.

    Returns:
        f(z), same shape and dtype as ``z``, values in (0, 1) (0 and 1 reached in rounding).
    """
    z = np.asarray(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(z.dtype, copy=False)


# ---------------------------------------------------------------------------------------
# q1: the forward pass (前馈预测)
# ---------------------------------------------------------------------------------------


def two_layer_forward(
    x: np.ndarray, w1: np.ndarray, w2: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Forward pass of the lecture's two-layer sigmoid network for a batch (前馈预测).

    Args:
        x: inputs x_m, shape (N, M).
        w1: hidden weights, shape (M, J); ``w1[m, j]`` is the lecture's w_jm.
        w2: output weights, shape (J, K); ``w2[j, k]`` is the lecture's w_kj.

    Returns:
        ``(y, cache)``: ``y`` the outputs y_k, shape (N, K); ``cache`` a dict holding every
        intermediate quantity the backward pass needs, with the keys
        ``"x"`` (N, M), ``"net_j"`` (N, J), ``"h"`` (N, J), ``"net_k"`` (N, K), ``"y"`` (N, K).
        All arrays have the dtype of ``x``.
    """
    # BEGIN SOLUTION q1: compute net_j, h_j = f(net_j), net_k and y_k = f(net_k) for the batch
    net_j = x @ w1
    h = sigmoid(net_j)
    net_k = h @ w2
    y = sigmoid(net_k)
    return y, {"x": x, "net_j": net_j, "h": h, "net_k": net_k, "y": y}
    # END SOLUTION


# ---------------------------------------------------------------------------------------
# q2: the backward pass and the weight update (反向传播进行参数学习, 反向传播算法示例)
# ---------------------------------------------------------------------------------------


def output_deltas(y: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Errors of the output units, δ_k = (d_k − y_k) f'(net_k), for sigmoid outputs.

    With the sigmoid, f'(net_k) = y_k (1 − y_k) (计算输出节点的误差).

    Args:
        y: network outputs y_k, shape (N, K).
        d: targets d_k, shape (N, K).

    Returns:
        δ_k, shape (N, K), dtype of ``y``.
    """
    # BEGIN SOLUTION q2: compute δ_k for every example and output unit
    return (d - y) * y * (1 - y)
    # END SOLUTION


def hidden_deltas(h: np.ndarray, delta_k: np.ndarray, w2: np.ndarray) -> np.ndarray:
    """Errors of the hidden units, δ_j = f'(net_j) Σ_k δ_k w_kj (计算隐藏层误差).

    With the sigmoid, f'(net_j) = h_j (1 − h_j). ``w2`` are the output weights the forward
    pass used (standard backpropagation), not updated ones.

    Args:
        h: hidden outputs h_j, shape (N, J).
        delta_k: output errors δ_k, shape (N, K).
        w2: output weights, shape (J, K); ``w2[j, k]`` is w_kj.

    Returns:
        δ_j, shape (N, J), dtype of ``h``.
    """
    # BEGIN SOLUTION q2: send δ_k back through w_kj and multiply by f'(net_j)
    return h * (1 - h) * (delta_k @ w2.T)
    # END SOLUTION


def backprop_update(
    cache: dict[str, np.ndarray],
    d: np.ndarray,
    w1: np.ndarray,
    w2: np.ndarray,
    eta: float,
) -> tuple[np.ndarray, np.ndarray]:
    """One step of standard backpropagation: w ← w + Δw with Δw = η δ · input.

    Δw_kj = η Σ_n δ_k h_j and Δw_jm = η Σ_n δ_j x_m, i.e. −η times the gradient of
    E(W) = ½ Σ_n Σ_k (y_k − d_k)². Both deltas use the weights of the forward pass (the
    slide's worked example used the already updated w_kj for δ_j; this function does not).
    Do not modify ``w1`` or ``w2`` in place.

    Args:
        cache: the cache returned by ``two_layer_forward(x, w1, w2)``.
        d: targets, shape (N, K).
        w1: hidden weights of the forward pass, shape (M, J).
        w2: output weights of the forward pass, shape (J, K).
        eta: learning rate η.

    Returns:
        ``(w1_new, w2_new)``, shapes (M, J) and (J, K), dtype of the weights.
    """
    # BEGIN SOLUTION q2: compute both deltas with the old weights, then both updates
    delta_k = output_deltas(cache["y"], d)
    delta_j = hidden_deltas(cache["h"], delta_k, w2)
    w2_new = w2 + eta * (cache["h"].T @ delta_k)
    w1_new = w1 + eta * (cache["x"].T @ delta_j)
    return w1_new.astype(w1.dtype, copy=False), w2_new.astype(w2.dtype, copy=False)
    # END SOLUTION
