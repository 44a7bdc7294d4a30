"""nnkit.gradcheck against analytic derivatives and PyTorch autograd (float64)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnkit.gradcheck import (
    numeric_gradient,
    numeric_gradient_array,
    numeric_gradient_params,
    rel_error,
    sampled_gradcheck,
)

finite = st.floats(-10, 10, allow_nan=False, allow_infinity=False)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 6), seed=st.integers(0, 2**31))
def test_numeric_gradient_of_a_quadratic(n: int, seed: int) -> None:
    # Centred differences are exact for quadratics up to rounding: f(x) = x'Ax/2 + b'x.
    rng = np.random.default_rng(seed)
    A, b, x = rng.normal(size=(n, n)), rng.normal(size=n), rng.normal(size=n)
    grad = numeric_gradient(lambda v: 0.5 * v @ A @ v + b @ v, x)
    np.testing.assert_allclose(grad, 0.5 * (A + A.T) @ x + b, rtol=1e-7, atol=1e-8)


def test_numeric_gradient_any_shape_and_restores_x() -> None:
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 3, 4))
    before = x.copy()
    grad = numeric_gradient(lambda v: np.sum(np.sin(v) * w), x)
    assert grad.shape == x.shape and grad.dtype == x.dtype
    assert rel_error(grad, np.cos(x) * w) < 1e-8
    np.testing.assert_array_equal(x, before)  # bit for bit


def test_numeric_gradient_of_a_0d_array() -> None:
    x = np.array(3.0)
    assert numeric_gradient(lambda v: float(v) ** 3, x) == pytest.approx(27.0, rel=1e-8)


def test_x_is_restored_when_f_raises() -> None:
    x = np.array([1.0, 2.0])

    def f(v: np.ndarray) -> float:
        if v[0] != 1.0:
            raise RuntimeError("boom")
        return float(v.sum())

    with pytest.raises(RuntimeError, match="boom"):
        numeric_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_integer_arrays_and_non_scalar_functions_are_refused() -> None:
    with pytest.raises(TypeError, match="floating"):
        numeric_gradient(lambda v: v.sum(), np.arange(3))
    with pytest.raises(ValueError, match="scalar"):
        numeric_gradient(lambda v: v * 2, np.ones(3))


def test_numeric_gradient_array_matches_torch_vjp() -> None:
    rng = np.random.default_rng(1)
    x, W, dout = rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=(4, 5))
    numeric = numeric_gradient_array(lambda v: np.tanh(v @ W), x, dout)

    xt = torch.tensor(x, requires_grad=True)
    torch.tanh(xt @ torch.tensor(W)).backward(torch.tensor(dout))
    assert rel_error(numeric, xt.grad.numpy()) < 1e-7


def test_numeric_gradient_array_when_f_returns_x_itself() -> None:
    # The identity returns the very array being perturbed: its gradient is dout.
    x, dout = np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([[0.1, 0.2], [0.3, 0.4]])
    np.testing.assert_allclose(numeric_gradient_array(lambda v: v, x, dout), dout, rtol=1e-8)


def test_numeric_gradient_array_shape_mismatch() -> None:
    with pytest.raises(ValueError, match=r"f\(x\) has shape \(3,\) but dout has shape \(2,\)"):
        numeric_gradient_array(lambda v: v, np.ones(3), np.ones(2))


def test_numeric_gradient_params_of_a_two_layer_net_matches_torch() -> None:
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(6, 4)), rng.integers(0, 3, size=6)
    params = {
        "W1": rng.normal(size=(4, 5)),
        "b1": rng.normal(size=5),
        "W2": rng.normal(size=(5, 3)),
        "b2": rng.normal(size=3),
    }
    saved = {k: v.copy() for k, v in params.items()}

    def loss() -> float:  # reads the arrays of params, as a model holding them would
        h = np.maximum(0, X @ params["W1"] + params["b1"])
        scores = h @ params["W2"] + params["b2"]
        scores = scores - scores.max(axis=1, keepdims=True)
        log_probs = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
        return float(-log_probs[np.arange(len(y)), y].mean())

    numeric = numeric_gradient_params(loss, params)

    t = {k: torch.tensor(v, requires_grad=True) for k, v in saved.items()}
    scores = torch.relu(torch.tensor(X) @ t["W1"] + t["b1"]) @ t["W2"] + t["b2"]
    torch.nn.functional.cross_entropy(scores, torch.tensor(y)).backward()
    for name in params:
        assert numeric[name].shape == params[name].shape
        assert rel_error(numeric[name], t[name].grad.numpy()) < 1e-6, name
        np.testing.assert_array_equal(params[name], saved[name])


@settings(max_examples=60, deadline=None)
@given(a=arrays(np.float64, (3, 2), elements=finite), b=arrays(np.float64, (3, 2), elements=finite))
def test_rel_error_is_symmetric_and_bounded(a: np.ndarray, b: np.ndarray) -> None:
    assert rel_error(a, b) == rel_error(b, a)
    assert 0.0 <= rel_error(a, b) <= 1.0
    assert rel_error(a, a) == 0.0


def test_rel_error_values() -> None:
    assert rel_error(np.array([1.0]), np.array([2.0])) == pytest.approx(1 / 3)
    assert rel_error(np.array([1.0, 0.0]), np.array([1.0, -1.0])) == pytest.approx(1.0)
    # Both below the 1e-8 floor: compared in absolute terms.
    assert rel_error(np.array([1e-12]), np.array([0.0])) == pytest.approx(1e-4)
    assert rel_error(np.empty((0, 3)), np.empty((0, 3))) == 0.0
    assert np.isnan(rel_error(np.array([np.nan]), np.array([1.0])))
    with pytest.raises(ValueError, match=r"equal shapes, got \(2, 3\) and \(3, 2\)"):
        rel_error(np.ones((2, 3)), np.ones((3, 2)))


def test_sampled_gradcheck_accepts_right_and_rejects_wrong_gradients() -> None:
    rng = np.random.default_rng(3)
    x, w = rng.normal(size=(50, 40)), rng.normal(size=(50, 40))

    def f(v: np.ndarray) -> float:
        return float(np.sum(w * v**2))

    right = 2 * w * x
    assert sampled_gradcheck(f, x, right) < 1e-7
    assert sampled_gradcheck(f, x, 2 * right) == pytest.approx(1 / 3, rel=1e-4)
    assert sampled_gradcheck(f, x, right.T.copy().reshape(x.shape)) > 1e-2
    assert np.isnan(sampled_gradcheck(f, x, np.full_like(x, np.nan)))


def test_sampled_gradcheck_is_deterministic_and_samples_what_rng_says() -> None:
    x = np.linspace(-1, 1, 1000)
    wrong = 3 * x**2
    wrong[::2] = 0.0  # half of the entries are wrong
    f = lambda v: float(np.sum(v**3))  # noqa: E731
    assert sampled_gradcheck(f, x, wrong) == sampled_gradcheck(f, x, wrong)
    assert sampled_gradcheck(f, x, wrong, num_checks=40, rng=5) == sampled_gradcheck(
        f, x, wrong, num_checks=40, rng=np.random.default_rng(5)
    )
    assert sampled_gradcheck(f, x, wrong, num_checks=40) == 1.0
    with pytest.raises(ValueError, match="analytic_grad has shape"):
        sampled_gradcheck(f, x, wrong[:10])
