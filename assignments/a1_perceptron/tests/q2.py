"""q2: Rosenblatt's perceptron: activation, prediction, label encoding, training."""

import numpy as np
from otter.test_files import test_case

from nnkit.feedback import as_array, as_float, assert_close, assert_equal, assert_that

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
