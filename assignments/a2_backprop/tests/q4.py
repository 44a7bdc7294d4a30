"""q4: the SGD step; with the given minibatch loop (train), the MLP learns XOR and
scikit-learn's digits."""

import numpy as np
from otter.test_files import test_case

from nnkit.data import xor
from nnkit.feedback import as_array, assert_close, assert_that
from nnkit.given import course_copy

OK_FORMAT = False
name = "q4"

# The goal: a2's network, stepped by the submitted sgd_update, reaches at least 97% test
# accuracy on digits.
TARGET_ACCURACY = 0.97
# The training run the hidden test grades: fixed split, seeds and step budget
# (30 epochs of 48 minibatches = 1,440 SGD steps; about a second on one core).
DIGITS_RUN = {
    "sizes": [64, 128, 128, 10],
    "activation": "relu",
    "seed": 0,
    "epochs": 30,
    "batch_size": 32,
    "lr": 0.1,
}


def _sgd(mlp, w, dw, lr):
    result = mlp.sgd_update(w.copy(), dw, None, lr=lr)
    assert_that(
        isinstance(result, (tuple, list)) and len(result) == 2,
        "sgd_update(w, dw, state, lr=...) should return a pair (w_new, state)",
    )
    return as_array("w_new", result[0]), result[1]


def _history(history, epochs, keys=("loss", "train_acc")):
    assert_that(isinstance(history, dict), "train(...) should return the history dict")
    out = {}
    for key in keys:
        assert_that(key in history, f"the history returned by train lacks the key {key!r}")
        out[key] = as_array(f"history[{key!r}]", history[key])
        assert_that(
            out[key].shape == (epochs,),
            f"history[{key!r}] has shape {out[key].shape}, expected one value per epoch "
            f"({epochs},)",
        )
    return out


@test_case(points=1, hidden=False)
def test_sgd_update_public(mlp):
    w_new, state = _sgd(mlp, np.array([1.0, 2.0, -3.0]), np.array([0.5, -1.0, 0.0]), 0.1)
    assert_close(
        "sgd_update([1, 2, -3], [0.5, -1, 0], lr=0.1)",
        w_new,
        [0.95, 2.1, -3.0],
        hint="w_new = w − lr · dw: step against the gradient",
    )
    assert_that(state is None, "plain SGD keeps no state: return the state it was given (None)")


@test_case(points=2, hidden=False)
def test_train_learns_xor_public(mlp):
    # Graded, the course's network and loop step with the submitted sgd_update (given code
    # in a submission could be edited to train without it); on a student's machine, where
    # the course's copies are not found, the student's own network and loop.
    X, y = xor(200, noise=0.1, seed=0)
    network = course_copy("a2_backprop", "mlp", "MLP", mlp)
    train = course_copy("a2_backprop", "mlp", "train", mlp, "sgd_update")
    model = network([2, 16, 2], activation="tanh", seed=0)
    history = _history(train(model, X, y, epochs=60, batch_size=20, lr=0.5, seed=0), 60)
    loss = history["loss"]
    assert_that(
        loss[-1] < 0.5 * loss[0],
        f"on XOR the mean loss went from {loss[0]:.3f} (epoch 1) to {loss[-1]:.3f} "
        f"(epoch 60): it should at least halve. Check that every parameter is updated "
        f"against its gradient after every minibatch",
    )
    accuracy = float(np.mean(as_array("predict(X)", model.predict(X)) == y))
    assert_that(
        accuracy >= 0.95, f"accuracy on XOR after training is {accuracy:.2%}, expected at least 95%"
    )
    assert_close(
        "history['train_acc'] of the last epoch",
        history["train_acc"][-1],
        accuracy,
        hint="train_acc is the accuracy on (X, y) after each epoch",
    )
