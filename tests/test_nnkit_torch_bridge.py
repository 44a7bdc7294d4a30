"""nnkit.torch_bridge: a NumPy forward/backward pair behaves as a torch operation."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from nnkit.torch_bridge import numpy_function

# A CS231n-style affine layer, written here so the test does not depend on any assignment.


def affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    return x @ w + b, (x, w)


def affine_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, ...]:
    x, w = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def relu_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.maximum(x, 0), x


def relu_backward(dout: np.ndarray, x: np.ndarray) -> np.ndarray:
    return dout * (x > 0)  # a single array, not a tuple


affine = numpy_function(affine_forward, affine_backward)
relu = numpy_function(relu_forward, relu_backward)


def tensors(dtype=torch.float64, seed: int = 0) -> tuple[torch.Tensor, ...]:
    g = torch.Generator().manual_seed(seed)
    shapes = [(4, 3), (3, 5), (5,)]
    return tuple(torch.randn(s, generator=g, dtype=dtype, requires_grad=True) for s in shapes)


def test_affine_forward_and_gradients_match_torch() -> None:
    x, w, b = tensors()
    dout = torch.randn(4, 5, dtype=torch.float64)
    out = affine(x, w, b)
    out.backward(dout)
    grads = [t.grad.clone() for t in (x, w, b)]

    for t in (x, w, b):
        t.grad = None
    expected = x @ w + b
    expected.backward(dout)
    torch.testing.assert_close(out, expected, rtol=1e-12, atol=1e-12)
    for got, t in zip(grads, (x, w, b), strict=True):
        torch.testing.assert_close(got, t.grad, rtol=1e-12, atol=1e-12)


def test_torch_gradcheck_accepts_the_bridge() -> None:
    assert torch.autograd.gradcheck(affine, tensors(seed=1))
    x = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda t: relu(t) * 2, (x,))


def test_a_wrong_backward_is_caught_by_torch_gradcheck() -> None:
    wrong = numpy_function(affine_forward, lambda d, c: (d @ c[1].T, c[0].T @ d, 0 * d.sum(0)))
    with pytest.raises(RuntimeError, match="Jacobian mismatch"):
        torch.autograd.gradcheck(wrong, tensors(seed=2))


def test_float32_model_stays_float32() -> None:
    x, w, b = tensors(torch.float32)
    out = affine(x, w, b)
    assert out.dtype == torch.float32
    out.sum().backward()
    assert w.grad.dtype == torch.float32 and b.grad.shape == (5,)


def test_non_tensor_arguments_and_keywords_pass_through() -> None:
    def scale_forward(x, config, *, shift=0.0):
        return config["alpha"] * x + shift, config["alpha"]

    scale = numpy_function(scale_forward, lambda dout, alpha: alpha * dout)
    x = torch.ones(2, 3, dtype=torch.float64, requires_grad=True)
    out = scale(x, {"alpha": 3.0}, shift=1.0)
    torch.testing.assert_close(out, torch.full((2, 3), 4.0, dtype=torch.float64))
    out.sum().backward()
    torch.testing.assert_close(x.grad, torch.full((2, 3), 3.0, dtype=torch.float64))


def test_integer_label_tensors_need_no_gradient() -> None:
    def pick_forward(scores, labels):
        return scores[np.arange(len(labels)), labels].sum(), (scores.shape, labels)

    def pick_backward(dout, cache):
        shape, labels = cache
        dscores = np.zeros(shape)
        dscores[np.arange(len(labels)), labels] = dout
        return dscores  # one gradient: the integer labels have none

    pick = numpy_function(pick_forward, pick_backward)
    scores = torch.zeros(3, 4, dtype=torch.float64, requires_grad=True)
    pick(scores, torch.tensor([0, 3, 1])).backward()
    expected = torch.zeros(3, 4, dtype=torch.float64)
    expected[[0, 1, 2], [0, 3, 1]] = 1.0
    torch.testing.assert_close(scores.grad, expected)


def test_forward_that_writes_into_its_input_does_not_change_the_tensor() -> None:
    def inplace_forward(x):
        x *= 2  # a student's in-place write
        return x, None

    double = numpy_function(inplace_forward, lambda dout, cache: 2 * dout)
    x = torch.ones(3, dtype=torch.float64)
    out = double(x)
    torch.testing.assert_close(x, torch.ones(3, dtype=torch.float64))
    torch.testing.assert_close(out, torch.full((3,), 2.0, dtype=torch.float64))


def test_clear_errors_for_a_broken_backward_or_forward() -> None:
    x, w, b = tensors()
    too_few = numpy_function(affine_forward, lambda d, c: (d @ c[1].T, c[0].T @ d))
    with pytest.raises(
        ValueError, match=r"affine_forward: backward returned 2 gradient\(s\) for 3"
    ):
        too_few(x, w, b).sum().backward()
    transposed = numpy_function(affine_forward, lambda d, c: (d @ c[1].T, (c[0].T @ d).T, d.sum(0)))
    with pytest.raises(
        ValueError, match=r"gradient of shape \(5, 3\) for input 1 of shape \(3, 5\)"
    ):
        transposed(x, w, b).sum().backward()
    no_cache = numpy_function(lambda x: x * 2, lambda d, c: d)
    with pytest.raises(TypeError, match=r"must return a pair \(out, cache\)"):
        no_cache(x)


def test_a_torch_model_with_the_numpy_layer_learns() -> None:
    # The notebook use: parameters are nn.Parameters, the layer is the NumPy code.
    g = torch.Generator().manual_seed(0)
    X = torch.randn(200, 2, generator=g)
    y = (X[:, 0] - X[:, 1] > 0).long()
    w1 = torch.nn.Parameter(0.5 * torch.randn(2, 8, generator=g))
    b1 = torch.nn.Parameter(torch.zeros(8))
    w2 = torch.nn.Parameter(0.5 * torch.randn(8, 2, generator=g))
    b2 = torch.nn.Parameter(torch.zeros(2))
    optimizer = torch.optim.SGD([w1, b1, w2, b2], lr=0.5)
    for _ in range(100):
        optimizer.zero_grad()
        scores = affine(relu(affine(X, w1, b1)), w2, b2)
        loss = torch.nn.functional.cross_entropy(scores, y)
        loss.backward()
        optimizer.step()
    accuracy = (scores.argmax(dim=1) == y).float().mean()
    assert loss.item() < 0.2 and accuracy > 0.95
