"""Numerical gradients by centred differences, to check backpropagation (反向传播算法介绍).

Backpropagation (反向传播进行参数学习) computes exact derivatives by the chain rule; a
centred difference ``(f(x + h) - f(x - h)) / 2h`` approximates the same derivative with
error O(h^2) and no chain rule at all, so agreement between the two is strong evidence
that a backward pass is right. Use float64 inputs: in float32 the rounding error of ``f``
divided by ``2h`` swamps the approximation.

All functions perturb one entry of ``x`` at a time, in place, and always restore it, so
the function under test sees its real arrays (the arrays a model holds as parameters).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

__all__ = [
    "numeric_gradient",
    "numeric_gradient_array",
    "numeric_gradient_params",
    "rel_error",
    "sampled_gradcheck",
]


def _check_float_array(name: str, x: object) -> np.ndarray:
    if not isinstance(x, np.ndarray):
        raise TypeError(f"{name} must be a numpy array (perturbed in place), got {type(x)}")
    if not np.issubdtype(x.dtype, np.floating):
        # x[i] += h on an integer array silently rounds the perturbation to 0.
        raise TypeError(f"{name} must have a floating dtype to be perturbed, got {x.dtype}")
    return x


def _centred_difference(f: Callable[[], float], x: np.ndarray, index: tuple, h: float) -> float:
    """(f(x + h e_i) - f(x - h e_i)) / 2h with f read at ``x``; ``x[index]`` is restored."""
    old = x[index].copy()
    try:
        x[index] = old + h
        f_plus = f()
        x[index] = old - h
        f_minus = f()
    finally:
        x[index] = old
    return (f_plus - f_minus) / (2.0 * h)


def _scalar(value: object) -> float:
    arr = np.asarray(value)
    if arr.size != 1:
        raise ValueError(f"the function must return a scalar, got an array of shape {arr.shape}")
    return float(arr.reshape(()))


def numeric_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-5
) -> np.ndarray:
    """Gradient of a scalar function by centred differences.

    Args:
        f: maps the array ``x`` (any shape) to a scalar; called 2 * x.size times with
            ``x`` perturbed in place.
        x: the point, a floating array of any shape; restored on return (even if ``f``
            raises).
        h: the step.

    Returns:
        array of x's shape and dtype: d f / d x.
    """
    _check_float_array("x", x)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        grad[index] = _centred_difference(lambda: _scalar(f(x)), x, index, h)
    return grad


def numeric_gradient_array(
    f: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    dout: np.ndarray,
    h: float = 1e-5,
) -> np.ndarray:
    """Gradient of ``sum(f(x) * dout)`` with respect to ``x``: what a layer's backward returns.

    For a layer ``out = f(x)`` receiving the upstream gradient ``dout = dL/dout``, the
    chain rule gives ``dL/dx = sum_j dout_j * d out_j / dx``, which is this quantity.

    Args:
        f: maps ``x`` to an array of dout's shape (other inputs fixed by a closure).
        x: floating array of any shape, perturbed in place and restored.
        dout: upstream gradient, shape of ``f(x)``.
        h: the step.

    Returns:
        array of x's shape and dtype.
    """
    _check_float_array("x", x)
    dout = np.asarray(dout)

    def weighted_sum() -> float:
        # f may return x itself or a view of it; the product is taken before x changes again.
        out = np.asarray(f(x))
        if out.shape != dout.shape:
            raise ValueError(f"f(x) has shape {out.shape} but dout has shape {dout.shape}")
        return float(np.sum(out * dout))

    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        grad[index] = _centred_difference(weighted_sum, x, index, h)
    return grad


def numeric_gradient_params(
    loss_fn: Callable[[], float],
    params: Mapping[str, np.ndarray],
    h: float = 1e-5,
) -> dict[str, np.ndarray]:
    """Gradients of a model's loss with respect to each of its parameter arrays.

    Args:
        loss_fn: takes no argument and returns the scalar loss computed with the current
            contents of the arrays in ``params`` (e.g. ``lambda: model.loss(X, y)[0]``).
        params: name -> the very arrays the model reads (not copies): each entry is
            perturbed in place and restored.
        h: the step.

    Returns:
        name -> gradient, each of its parameter's shape and dtype.
    """
    grads: dict[str, np.ndarray] = {}
    for name, value in params.items():
        _check_float_array(f"params[{name!r}]", value)
        grads[name] = numeric_gradient(lambda _: loss_fn(), value, h)
    return grads


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    """Largest elementwise relative error, as in CS231n: ``max |a-b| / max(1e-8, |a|+|b|)``.

    Symmetric in ``a`` and ``b``. Around 1e-7 or less means the gradients agree (float64);
    1e-2 or more means a bug. The 1e-8 floor keeps entries where both are ~0 from
    dividing by zero.

    Args:
        a, b: arrays (or scalars) of the same shape; no broadcasting, since a shape
            mismatch between two gradients is itself an error.

    Returns:
        a float in [0, 1] (0.0 for empty arrays); NaN if either input holds NaN.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error needs equal shapes, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def sampled_gradcheck(
    f: Callable[[np.ndarray], float],
    x: np.ndarray,
    analytic_grad: np.ndarray,
    num_checks: int = 10,
    h: float = 1e-5,
    rng: np.random.Generator | int | None = None,
) -> float:
    """Compare an analytic gradient with centred differences at a few random entries.

    For arrays too big to check every entry (a convolution's weights), ``num_checks``
    entries drawn with replacement cost 2 * num_checks calls to ``f``.

    Args:
        f: maps ``x`` to a scalar; ``x`` is perturbed in place and restored.
        x: floating array of any shape.
        analytic_grad: the gradient to check, x's shape.
        num_checks: how many entries to sample.
        h: the step.
        rng: a Generator or a seed; ``None`` means seed 0, so repeated checks agree.

    Returns:
        the largest relative error (as in ``rel_error``) over the sampled entries.
    """
    _check_float_array("x", x)
    analytic_grad = np.asarray(analytic_grad)
    if analytic_grad.shape != x.shape:
        raise ValueError(
            f"analytic_grad has shape {analytic_grad.shape}, expected x's shape {x.shape}"
        )
    if x.size == 0:
        return 0.0
    rng = np.random.default_rng(0 if rng is None else rng)
    errors = []
    for flat in rng.integers(0, x.size, size=num_checks):
        index = np.unravel_index(int(flat), x.shape)
        numeric = _centred_difference(lambda: _scalar(f(x)), x, index, h)
        errors.append(rel_error(np.float64(numeric), analytic_grad[index]))
    # np.max, unlike max(), propagates NaN: a NaN gradient must not pass as error 0.
    return float(np.max(errors)) if errors else 0.0
