"""q2: Rosenblatt's perceptron: activation, prediction, label encoding, training."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import (
    as_array,
    as_float,
    assert_close,
    assert_equal,
    assert_that,
    call_checking_inputs,
)

OK_FORMAT = False
name = "q2"


def _train(perceptron, X, y, **kw):
    result = perceptron.train(X, y, **kw)
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 3,
        "train(...) should return a tuple (w, b, mistakes)",
    )
    w, b, mistakes = result
    return (
        as_array("train(...) w", w),
        as_float("train(...) b", b),
        as_array("train(...) mistakes", mistakes),
    )


@test_case(points=1, hidden=False)
def test_sign_and_predict_public(perceptron):
    assert_equal(
        "sign([-2, -0.5, 0, 0.5, 2])",
        perceptron.sign(np.array([-2.0, -0.5, 0.0, 0.5, 2.0])),
        [-1, -1, 1, 1, 1],
        hint="φ(z) is 1 when z ≥ 0 (z = 0 included) and -1 otherwise",
    )
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, 0.0]])
    assert_equal(
        "predict(X, w=[1, -1], b=0.5)",
        perceptron.predict(X, np.array([1.0, -1.0]), 0.5),
        [-1, -1, 1],
    )


@test_case(points=1, hidden=False)
def test_encode_labels_public(perceptron):
    assert_equal(
        "encode_labels([0, 1, 1, 0])",
        perceptron.encode_labels(np.array([0, 1, 1, 0])),
        [-1, 1, 1, -1],
    )


@test_case(points=1, hidden=False)
def test_train_small_public(perceptron):
    # OR with labels -1/1: worked by hand, w and b after each update are small integers
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([-1, 1, 1, 1])
    w, b, mistakes = _train(perceptron, X, y, eta=0.5, max_epochs=20)
    assert_equal(
        "train(...) mistakes per epoch",
        mistakes,
        [2, 2, 1, 0],
        hint="count the updates of each epoch; stop after the first epoch without one",
    )
    assert_close("train(...) w", w, [1.0, 1.0])
    assert_close("train(...) b", b, -1.0)


OR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
OR_Y = np.array([-1, 1, 1, 1])


@test_case(points=1, hidden=False)
def test_call_contract_public(perceptron):
    # encode_labels: the smaller label is -1 whichever comes first, the caller's labels
    # are left as they are, and anything but two classes raises the documented ValueError.
    y = np.array([2, 1, 2, 1])
    assert_equal(
        "encode_labels([2, 1, 2, 1])",
        call_checking_inputs("encode_labels", perceptron.encode_labels, y),
        [1, -1, 1, -1],
        hint="the smaller label becomes -1 and the larger 1, whatever their order",
    )
    for labels in ([0, 1, 2, 1], [3, 3, 3]):
        try:
            perceptron.encode_labels(np.array(labels))
        except ValueError:
            continue
        raise AssertionError(
            f"encode_labels({labels}) did not raise ValueError: the docstring asks for one "
            "unless there are exactly two distinct labels"
        )
    # train: the worked OR example of test_train_small_public with integer inputs, which
    # converges in exactly 4 epochs: max_epochs=4 reaches the limit with a clean epoch,
    # max_epochs=3 stops at the limit. Every call starts again from w = 0, b = 0 and
    # leaves X and y as they are; w is float even for integer X.
    for max_epochs, expected in ((4, [2, 2, 1, 0]), (3, [2, 2, 1]), (4, [2, 2, 1, 0])):
        result = call_checking_inputs(
            "train", perceptron.train, OR_X, OR_Y, eta=0.5, max_epochs=max_epochs
        )
        assert_that(
            isinstance(result, (tuple, list)) and len(result) == 3,
            "train(...) should return a tuple (w, b, mistakes)",
        )
        assert_equal(
            f"train(OR, eta=0.5, max_epochs={max_epochs}) mistakes per epoch",
            as_array("mistakes", result[2]),
            expected,
            hint="run at most max_epochs epochs (range(max_epochs)), stop after the first "
            "clean one, and start every call from w = 0, b = 0",
        )
        w = as_array("train(...) w", result[0])
        assert_that(
            w.dtype.kind == "f",
            f"train(...) w has dtype {w.dtype} for integer X: the weights are floats "
            "(start from np.zeros(m), not np.zeros_like(X[0]))",
        )
        if max_epochs == 4:
            assert_close("train(OR, eta=0.5, max_epochs=4) w", w, [1.0, 1.0])
