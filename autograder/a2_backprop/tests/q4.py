"""q4: minibatch stochastic gradient descent; the MLP learns scikit-learn's digits."""

import numpy as np
from otter.test_files import test_case

from nnkit.data import digits, train_val_test_split, xor
from nnkit.feedback import as_array, as_float, assert_close, assert_dtype, assert_that
from nnkit.grading import reference

OK_FORMAT = False
name = "q4"

# Issue 4: the student's network reaches at least 97% test accuracy on digits.
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
    X, y = xor(200, noise=0.1, seed=0)
    model = mlp.MLP([2, 16, 2], activation="tanh", seed=0)
    history = _history(mlp.train(model, X, y, epochs=60, batch_size=20, lr=0.5, seed=0), 60)
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


@test_case(points=1, hidden=False)
def test_train_follows_protocol_public(mlp):
    # The docstring's protocol replayed step by step with your own MLP.loss: one generator
    # default_rng(seed), a new permutation every epoch, minibatches perm[i:i + batch_size]
    # (10 examples in batches of 4: the last one holds 2), an SGD step after each, the
    # epoch's loss the mean of its minibatch losses.
    rng = np.random.default_rng(42)
    X = rng.normal(size=(10, 3))
    y = rng.integers(0, 3, size=10)
    run = {"epochs": 2, "batch_size": 4, "lr": 0.3, "seed": 5}
    # train twice: the second call must not depend on the first (no state between calls)
    mlp.train(mlp.MLP([3, 4, 3], activation="tanh", seed=2), X, y, **run)
    trained = mlp.MLP([3, 4, 3], activation="tanh", seed=2)
    history = _history(mlp.train(trained, X, y, **run), 2)
    replay = mlp.MLP([3, 4, 3], activation="tanh", seed=2)
    params = {k: as_array(f"params[{k!r}]", v) for k, v in replay.params.items()}
    shuffler = np.random.default_rng(run["seed"])
    losses, accuracies = [], []
    for _ in range(run["epochs"]):
        perm = shuffler.permutation(len(X))
        batch_losses = []
        for start in range(0, len(X), run["batch_size"]):
            idx = perm[start : start + run["batch_size"]]
            replay.params = {k: v.copy() for k, v in params.items()}
            result = replay.loss(X[idx], y[idx])
            assert_that(
                isinstance(result, (tuple, list)) and len(result) == 2,
                "model.loss(X, y) should return (loss, grads)",
            )
            batch_losses.append(as_float("loss", result[0]))
            grads = result[1]
            params = {
                k: v - run["lr"] * as_array(f"grads[{k!r}]", grads[k]) for k, v in params.items()
            }
        losses.append(np.mean(batch_losses))
        replay.params = {k: v.copy() for k, v in params.items()}
        accuracies.append(np.mean(as_array("predict(X)", replay.predict(X)) == y))
    hint = (
        "follow the docstring: rng = default_rng(seed) once, rng.permutation(N) every "
        "epoch, minibatches perm[i:i + batch_size] in order (the last one smaller), one "
        "sgd_update per parameter after each, history['loss'] the mean of the epoch's "
        "minibatch losses; keep nothing between two calls of train"
    )
    assert_close(
        "history['loss'] (2 epochs, batches of 4, 4 and 2)",
        history["loss"],
        losses,
        kind="training",
        hint=hint,
    )
    assert_close(
        "history['train_acc']", history["train_acc"], accuracies, kind="training", hint=hint
    )
    for key, value in params.items():
        assert_close(
            f"params[{key!r}] after training",
            trained.params[key],
            value,
            kind="training",
            hint=hint,
        )


@test_case(points=1, hidden=True)
def test_sgd_update_matches_reference(mlp):
    ref = reference("a2_backprop", "mlp")
    rng = np.random.default_rng(4)
    for dtype, shape, lr in [
        (np.float64, (5, 3), 0.01),
        (np.float32, (7,), 0.3),
        (np.float64, (2, 3, 4), 1.5),
    ]:
        w = rng.normal(size=shape).astype(dtype)
        dw = rng.normal(size=shape).astype(dtype)
        w_new, _ = _sgd(mlp, w, dw, lr)
        assert_dtype(f"sgd_update w_new for {np.dtype(dtype)} w", w_new, dtype)
        assert_close(
            f"sgd_update w_new (shape {shape}, lr {lr})",
            w_new,
            ref.sgd_update(w.copy(), dw, None, lr=lr)[0],
        )


@test_case(points=2, hidden=True)
def test_train_follows_protocol(mlp):
    ref = reference("a2_backprop", "mlp")
    rng = np.random.default_rng(21)
    X = rng.normal(size=(50, 4))
    y = rng.integers(0, 3, size=50)
    X_val = rng.normal(size=(10, 4))
    y_val = rng.integers(0, 3, size=10)
    run = {"epochs": 3, "batch_size": 16, "lr": 0.2, "seed": 9}
    expected = ref.MLP([4, 6, 3], activation="tanh", seed=1)
    h_exp = ref.train(expected, X, y, X_val=X_val, y_val=y_val, **run)
    model = mlp.MLP([4, 6, 3], activation="tanh", seed=1)
    history = _history(
        mlp.train(model, X, y, X_val=X_val, y_val=y_val, **run), 3, ("loss", "train_acc", "val_acc")
    )
    for key in ("loss", "train_acc", "val_acc"):
        assert_close(
            f"history[{key!r}] (3 epochs of 50 examples, batch 16)",
            history[key],
            h_exp[key],
            kind="training",
            hint="loss: the mean of the epoch's minibatch losses; accuracies after the epoch",
        )
    for key, value in expected.params.items():
        assert_close(
            f"params[{key!r}] after 3 epochs",
            model.params[key],
            value,
            kind="training",
            hint="follow the docstring's protocol: one rng = default_rng(seed), "
            "rng.permutation(N) each epoch, minibatches perm[i:i + batch_size] in "
            "order, the last one smaller (if q3 fails, fix it first)",
        )


@test_case(points=3, hidden=True)
def test_digits_accuracy(mlp):
    X, y = digits()
    (X_train, y_train), (X_val, y_val), (X_test, y_test) = train_val_test_split(
        X, y, seed=0, stratify=True
    )
    X_train = np.concatenate([X_train, X_val])
    y_train = np.concatenate([y_train, y_val])
    run = dict(DIGITS_RUN)
    model = mlp.MLP(run.pop("sizes"), activation=run.pop("activation"), seed=0)
    mlp.train(model, X_train, y_train, **run)
    predictions = as_array("predict(X_test)", model.predict(X_test))
    assert_that(
        predictions.shape == y_test.shape,
        f"predict(X_test) has shape {predictions.shape}, expected {y_test.shape}",
    )
    accuracy = as_float("test accuracy", np.mean(predictions == y_test))
    assert_that(
        accuracy >= TARGET_ACCURACY,
        f"after {DIGITS_RUN['epochs']} epochs of SGD (batch {DIGITS_RUN['batch_size']}, "
        f"lr {DIGITS_RUN['lr']}) on digits, MLP([64, 128, 128, 10]) reaches "
        f"{accuracy:.1%} test accuracy, expected at least {TARGET_ACCURACY:.0%}",
    )
