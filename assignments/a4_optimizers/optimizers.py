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

Then the optimizers at work: q5 runs any of them on the Rosenbrock valley with a loop
you write, and q7 trains a2's MLP (given below) with any of them.
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
    bias_correction: bool = True,
) -> tuple[np.ndarray, State]:
    """Adam (适应性矩估计: Adaptive Moment Estimation) with bias correction.

    With t counting calls from 1 and m_0 = v_0 = 0:
        m_t = β1 m_{t−1} + (1 − β1) g_t,      v_t = β2 v_{t−1} + (1 − β2) g_t²,
        m̂_t = m_t / (1 − β1^t),               v̂_t = v_t / (1 − β2^t),
        w ← w − η m̂_t / (√v̂_t + ε).
    The slide writes √(v̂_t + ε); the Adam paper and PyTorch add ε outside the square
    root, and so does this function (the tests compare against torch.optim.Adam).

    With bias_correction=False (the ablation of Experiment 4) the moments are the same but
    the step uses them as they are: w ← w − η m_t / (√v_t + ε).

    Args:
        w: parameter, any shape.
        dw: gradient g_t, shape of w.
        state: None on the first call, then the returned dict.
        lr: learning rate η.
        beta1: β1, decay of the first moment (slide default 0.9).
        beta2: β2, decay of the second moment (slide default 0.999).
        eps: ε (slide default 1e-8).
        bias_correction: True for Adam as the lecture gives it; False to leave m_t and v_t
            uncorrected.
    Returns:
        w_new: shape and dtype of w.
        state: dict holding m_t, v_t and t.
    """
    raise NotImplementedError("q3: update m, v and t in state, correct their bias if asked, then step")


def optimizer(name: str):
    """The update function of this module called `name` ("sgd", "sgd_momentum", "rmsprop"
    or "adam"), looked up on every call so that your latest edit is used."""
    if name not in ("sgd", "sgd_momentum", "rmsprop", "adam"):
        raise ValueError(f"unknown optimizer {name!r}")
    return globals()[name]


# ---------------------------------------------------------------------------
# q5: the Rosenbrock valley, a loop you write
# ---------------------------------------------------------------------------


def rosenbrock(p: np.ndarray) -> float:
    """Rosenbrock's function f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1).

    Args:
        p: the point (x, y), shape (2,).
    Returns:
        f(p) as a float.
    """
    x, y = p
    return float((1 - x) ** 2 + 100 * (y - x * x) ** 2)


def rosenbrock_grad(p: np.ndarray) -> np.ndarray:
    """Gradient (∂f/∂x, ∂f/∂y) of `rosenbrock` at p: derive it by hand (chain rule on both
    terms); check it against centred differences of `rosenbrock`.

    Args:
        p: the point (x, y), shape (2,), float64.
    Returns:
        the gradient, shape (2,), dtype of p.
    """
    raise NotImplementedError("q5: the two partial derivatives of f at p")


def minimize(name: str, start: np.ndarray, steps: int, **hyper: Any) -> np.ndarray:
    """Minimise `rosenbrock` from `start` with the optimizer called `name`.

    One parameter p (the point) with one state: starting from state None, each step
    computes the gradient at the current point and calls the optimizer with it and the
    previous state, passing `hyper` on as keyword arguments; the state it returns is the
    one the next step passes back. q7's `train_mlp` does the same for every parameter of a
    network, each with its own state.

    Check: the path has steps + 1 rows and starts at `start`; with "sgd" its first step is
    start − lr · rosenbrock_grad(start); the caller's start array is unchanged afterwards
    (an optimizer may update the w it is given in place, so hand it a copy); and
    minimize(name, start, 0) is the start alone.

    Args:
        name: an optimizer of this module (see `optimizer`).
        start: the first point, shape (2,), float64; left as it is.
        steps: number of optimizer steps.
        **hyper: hyper-parameters of the optimizer (lr, momentum, ...).
    Returns:
        path: shape (steps + 1, 2); path[0] is start, path[k] the point after k steps.
    """
    raise NotImplementedError("q5: one state; step with the gradient at the current point; record the path")


# ---------------------------------------------------------------------------
# q7: training a2's MLP with each optimizer
# ---------------------------------------------------------------------------
# Given: the two-layer perceptron of assignment 2 (affine, ReLU, affine, softmax
# cross-entropy), now that a2 is past its deadline, in a compact form that keeps the
# parameters in a dict.


def mlp_init(sizes: list[int], seed: int = 0) -> dict[str, np.ndarray]:
    """He-initialised parameters of a2's MLP: "W1", "b1", ..., "WL", "bL" (float64)."""
    rng = np.random.default_rng(seed)
    params = {}
    for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), 1):
        params[f"W{layer}"] = rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)
        params[f"b{layer}"] = np.zeros(fan_out)
    return params


def mlp_loss(
    params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray
) -> tuple[float, dict[str, np.ndarray]]:
    """Mean softmax cross-entropy of a2's MLP (ReLU between the layers) on (X, y), and the
    gradient of the loss for every key of params."""
    num_layers = len(params) // 2
    h, inputs = X, []
    for layer in range(1, num_layers + 1):
        inputs.append(h)
        h = h @ params[f"W{layer}"] + params[f"b{layer}"]
        if layer < num_layers:
            h = np.maximum(h, 0)
    shifted = h - h.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(len(y))
    delta = np.exp(log_p)
    delta[rows, y] -= 1
    delta /= len(y)
    grads = {}
    for layer in range(num_layers, 0, -1):
        grads[f"W{layer}"] = inputs[layer - 1].T @ delta
        grads[f"b{layer}"] = delta.sum(axis=0)
        if layer > 1:
            delta = (delta @ params[f"W{layer}"].T) * (inputs[layer - 1] > 0)
    return float(-log_p[rows, y].mean()), grads


def train_mlp(
    name: str,
    X: np.ndarray,
    y: np.ndarray,
    sizes: list[int],
    steps: int,
    batch_size: int,
    seed: int = 0,
    **hyper: Any,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Train a2's MLP on (X, y) with the optimizer called `name`.

    The protocol, which the tests replay step by step: the parameters start as those
    `mlp_init` makes from `sizes` and `seed`; one generator ``np.random.default_rng(seed)``,
    made once, draws every minibatch as the indices ``integers(0, N, size=batch_size)``;
    each step
    computes ``mlp_loss`` on its minibatch and updates every parameter with the optimizer,
    each parameter with its own state (None at first), passing `hyper` on as keyword
    arguments.

    Args:
        name: an optimizer of this module (see `optimizer`).
        X: inputs, shape (N, sizes[0]); y: integer labels, shape (N,).
        sizes: layer widths, input first, number of classes last.
        steps: number of minibatch steps.
        batch_size: examples per minibatch.
        seed: seed of the initialisation and of the minibatch draws.
        **hyper: hyper-parameters of the optimizer.
    Returns:
        params: the trained parameters (keys of mlp_init).
        losses: shape (steps,), the minibatch loss of each step, before its update.
    """
    raise NotImplementedError("q7: one state per parameter; each step: draw, loss and gradients, update all")
