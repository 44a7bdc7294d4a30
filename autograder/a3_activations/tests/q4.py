"""q4: per-layer gradient norms of a deep sigmoid or ReLU stack (梯度消失问题)."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import as_array, assert_close, assert_that, call_checking_inputs
from nnkit.grading import reference
from nnkit.oracles import torch_layer_gradient_norms

OK_FORMAT = False
name = "q4"

HINT = (
    "h_l = f(h_{l-1} W_l) after every layer, last included; going backwards, "
    "dz = dh * f'(z), dW = h_{l-1}^T dz, dh_{l-1} = dz W^T; return the norms first layer first"
)


def make_stack(seed, n, widths, gain):
    """A batch, weights with std gain / sqrt(fan_in), and an upstream gradient."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, widths[0]))
    weights = [
        rng.normal(size=(a, b)) * gain / np.sqrt(a)
        for a, b in zip(widths[:-1], widths[1:], strict=True)
    ]
    return x, weights, rng.normal(size=(n, widths[-1]))


def student_norms(module, x, weights, dout, activation):
    norms = as_array(
        "layer_gradient_norms",
        call_checking_inputs(
            "layer_gradient_norms", module.layer_gradient_norms, x, weights, dout, activation
        ),
    )
    assert_that(
        norms.shape == (len(weights),),
        f"layer_gradient_norms returned shape {norms.shape}, expected ({len(weights)},): "
        "one norm per weight matrix",
    )
    return norms


@test_case(points=1, hidden=False)
def test_sigmoid_stack_public(activations):
    x, weights, dout = make_stack(40, 5, [4, 6, 5, 3], gain=1.0)
    norms = student_norms(activations, x, weights, dout, "sigmoid")
    expected = torch_layer_gradient_norms(x, weights, dout, "sigmoid")
    assert_close("layer_gradient_norms (sigmoid)", norms, expected, kind="gradient", hint=HINT)


@test_case(points=1, hidden=False)
def test_relu_stack_public(activations):
    x, weights, dout = make_stack(41, 5, [4, 6, 5, 3], gain=np.sqrt(2))
    norms = student_norms(activations, x, weights, dout, "relu")
    expected = torch_layer_gradient_norms(x, weights, dout, "relu")
    assert_close("layer_gradient_norms (relu)", norms, expected, kind="gradient", hint=HINT)


@test_case(points=1, hidden=False)
def test_relu_at_zero_and_errors_public(activations):
    # Integer inputs and weights make some pre-activations exactly 0, where the lecture's
    # ReLU'(0) is 0: the second row's z_2 = [3, 0, 3] @ w2 has a 0 with a non-zero input.
    x = np.array([[1.0, 1.0], [2.0, -1.0], [1.0, 2.0]])
    weights = [
        np.array([[1.0, -1.0, 2.0], [-1.0, 1.0, 1.0]]),
        np.array([[1.0, 2.0], [1.0, -1.0], [-1.0, 1.0]]),
    ]
    dout = np.array([[0.5, -1.0], [2.0, 1.5], [-0.5, 1.0]])
    norms = student_norms(activations, x, weights, dout, "relu")
    expected = torch_layer_gradient_norms(x, weights, dout, "relu")
    assert_close(
        "layer_gradient_norms (relu, pre-activations exactly 0)",
        norms,
        expected,
        kind="gradient",
        hint="ReLU'(z) is 1 for z > 0 and 0 for z <= 0: use z > 0, not z >= 0",
    )
    # The docstring: another activation name raises ValueError.
    try:
        activations.layer_gradient_norms(x, weights, dout, "tanh")
    except ValueError:
        pass
    else:
        raise AssertionError(
            "layer_gradient_norms(..., activation='tanh') did not raise ValueError: "
            "the docstring asks for one for any name but 'sigmoid' and 'relu'"
        )


@test_case(points=2, hidden=True)
def test_ten_layer_networks(activations):
    ref = reference("a3_activations", "activations")
    widths = [20] + [32] * 10
    for activation, gain in (("sigmoid", 1.0), ("relu", np.sqrt(2)), ("sigmoid", 4.0)):
        x, weights, dout = make_stack(42, 16, widths, gain)
        norms = student_norms(activations, x, weights, dout, activation)
        expected = ref.layer_gradient_norms(x, weights, dout, activation)
        assert_close(
            f"layer_gradient_norms ({activation}, 10 layers, gain {gain:.2f})",
            norms,
            expected,
            kind="gradient",
            hint=HINT,
        )


@test_case(points=2, hidden=True)
def test_relu_zero_inputs_and_single_layer(activations):
    # A zero column of W_2 makes z == 0 exactly for one unit: ReLU'(0) = 0 in the lecture.
    ref = reference("a3_activations", "activations")
    x, weights, dout = make_stack(43, 6, [5, 7, 7, 4], gain=1.5)
    x[2] = 0.0
    weights[1][:, 3] = 0.0
    for activation in ("relu", "sigmoid"):
        norms = student_norms(activations, x, weights, dout, activation)
        expected = ref.layer_gradient_norms(x, weights, dout, activation)
        assert_close(
            f"layer_gradient_norms ({activation}, zero row)",
            norms,
            expected,
            kind="gradient",
            hint=HINT,
        )
    x, weights, dout = make_stack(44, 3, [6, 2], gain=1.0)
    norms = student_norms(activations, x, weights, dout, "sigmoid")
    expected = ref.layer_gradient_norms(x, weights, dout, "sigmoid")
    assert_close("layer_gradient_norms (one layer)", norms, expected, kind="gradient", hint=HINT)
