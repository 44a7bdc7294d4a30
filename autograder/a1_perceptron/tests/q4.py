"""q4: a two-layer network of threshold units that computes XOR."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import as_array, as_float, assert_equal, assert_that, call_checking_inputs
from nnkit.grading import reference

OK_FORMAT = False
name = "q4"

TWO_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
XOR = [0, 1, 1, 0]


def _network(perceptron):
    params = perceptron.xor_network()
    assert_that(
        isinstance(params, (tuple, list)) and len(params) == 4,
        "xor_network() should return (W1, T1, w2, T2)",
    )
    W1, T1, w2, T2 = params
    return (as_array("W1", W1), as_array("T1", T1), as_array("w2", w2), as_float("T2", T2))


@test_case(points=1, hidden=False)
def test_two_layer_forward_public(perceptron):
    W1 = np.array([[1.0, 0.0], [0.0, 1.0]])
    T1 = np.array([1.0, 1.0])
    w2 = np.array([1.0, 1.0])
    assert_equal(
        "two_layer_forward with AND as the output unit",
        perceptron.two_layer_forward(TWO_INPUTS, W1, T1, w2, 2.0),
        [0, 0, 0, 1],
    )


@test_case(points=1, hidden=False)
def test_xor_public(perceptron):
    W1, T1, w2, T2 = _network(perceptron)
    assert_that(W1.shape[0] == 2, f"use two hidden units; W1 has shape {W1.shape}")
    assert_equal(
        "two_layer_forward on the XOR truth table with xor_network()",
        perceptron.two_layer_forward(TWO_INPUTS, W1, T1, w2, T2),
        XOR,
    )


@test_case(points=1, hidden=False)
def test_three_hidden_units_public(perceptron):
    # Three hidden units on two inputs (W1 of shape (3, 2): rows are units), worked by
    # hand: h = (x1, x2, x1 AND x2) and the output fires when x1 + x2 - 2 h3 >= 1, which is
    # XOR. A transposed W1 cannot even be multiplied.
    W1 = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    T1 = np.array([1.0, 1.0, 2.0])
    w2 = np.array([1.0, 1.0, -2.0])
    assert_equal(
        "two_layer_forward with 3 hidden units (W1 of shape (3, 2))",
        call_checking_inputs(
            "two_layer_forward", perceptron.two_layer_forward, TWO_INPUTS, W1, T1, w2, 1.0
        ),
        [0, 1, 1, 0],
        hint="W1[j, i] weighs input i in hidden unit j: the hidden net inputs are X @ W1.T",
    )


@test_case(points=1, hidden=True)
def test_xor_network_in_reference_forward(perceptron):
    ref = reference("a1_perceptron", "perceptron")
    W1, T1, w2, T2 = _network(perceptron)
    assert_equal(
        "xor_network() in a correct forward pass",
        ref.two_layer_forward(TWO_INPUTS, W1, T1, w2, T2),
        XOR,
    )


@test_case(points=1, hidden=True)
def test_two_layer_forward_hidden(perceptron):
    ref = reference("a1_perceptron", "perceptron")
    rng = np.random.default_rng(13)
    X = rng.integers(0, 2, size=(32, 5))
    for k in (1, 3, 6):
        W1 = rng.integers(-2, 3, size=(k, 5)).astype(float)
        T1 = rng.integers(-1, 3, size=k).astype(float)
        w2 = rng.integers(-2, 3, size=k).astype(float)
        assert_equal(
            f"two_layer_forward with {k} hidden units",
            perceptron.two_layer_forward(X, W1, T1, w2, 1.0),
            ref.two_layer_forward(X, W1, T1, w2, 1.0),
        )
