"""nnkit.train (minibatches, fit) and nnkit.seeding."""

from __future__ import annotations

import random
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnkit.data import blobs
from nnkit.seeding import seed_everything
from nnkit.train import History, fit, minibatches

# ---------------------------------------------------------------------------------------
# minibatches
# ---------------------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(n=st.integers(1, 60), batch_size=st.integers(1, 70), seed=st.integers(0, 100))
def test_minibatches_cover_every_example_once(n: int, batch_size: int, seed: int) -> None:
    X = np.arange(n, dtype=float)[:, None] * [1.0, -1.0]
    y = np.arange(n)
    batches = list(minibatches(X, y, batch_size, np.random.default_rng(seed)))
    assert [len(xb) for xb, _ in batches[:-1]] == [batch_size] * (len(batches) - 1)
    assert len(batches[-1][0]) in range(1, batch_size + 1)
    seen = np.concatenate([yb for _, yb in batches])
    np.testing.assert_array_equal(np.sort(seen), y)
    for xb, yb in batches:
        np.testing.assert_array_equal(xb[:, 0], yb)  # inputs stay with their targets


def test_minibatches_order() -> None:
    X = np.arange(10.0)
    in_order = [xb for xb, _ in minibatches(X, None, 4, None)]
    np.testing.assert_array_equal(np.concatenate(in_order), X)
    assert [yb for _, yb in minibatches(X, None, 4, None)] == [None, None, None]
    a = np.concatenate([xb for xb, _ in minibatches(X, X, 3, 7)])
    b = np.concatenate([xb for xb, _ in minibatches(X, X, 3, np.random.default_rng(7))])
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, X)


def test_minibatches_refuse_bad_arguments() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        next(minibatches(np.zeros(3), np.zeros(3), 0, 0))
    with pytest.raises(ValueError, match="3 rows but y has 2"):
        next(minibatches(np.zeros(3), np.zeros(2), 1, 0))


def test_minibatches_of_torch_tensors() -> None:
    torch = pytest.importorskip("torch")
    X, y = torch.arange(10.0).reshape(5, 2), torch.arange(5)
    batches = list(minibatches(X, y, 2, 0))
    assert all(isinstance(xb, torch.Tensor) for xb, _ in batches)
    assert sorted(torch.cat([yb for _, yb in batches]).tolist()) == [0, 1, 2, 3, 4]


# ---------------------------------------------------------------------------------------
# fit
# ---------------------------------------------------------------------------------------


def test_fit_epoch_loss_is_the_mean_over_examples_and_data_is_reshuffled() -> None:
    X = np.arange(10.0)
    orders = []

    def step(xb: np.ndarray, yb: np.ndarray) -> float:
        orders.append(xb.copy())
        return float(xb.mean())  # batch means weighted by size give the mean of X

    history = fit(step, X, X, epochs=3, batch_size=4, rng=0, progress=False)
    assert isinstance(history, History) and history.epochs == 3
    np.testing.assert_allclose(history["loss"], [4.5, 4.5, 4.5])
    assert len(orders) == 9 and [len(o) for o in orders[:3]] == [4, 4, 2]
    epochs = [np.concatenate(orders[i : i + 3]) for i in (0, 3, 6)]
    for e in epochs:
        np.testing.assert_array_equal(np.sort(e), X)
    assert not np.array_equal(epochs[0], epochs[1])


def test_fit_records_metrics_and_is_reproducible() -> None:
    def run(seed: int) -> tuple[History, list]:
        batches = []

        def step(xb, yb):
            batches.append(yb.tolist())
            return 1.0

        counter = iter(range(100))
        metrics = lambda: {"val_acc": next(counter) / 10, "train_acc": np.float32(0.5)}  # noqa: E731
        return fit(step, np.zeros((6, 2)), np.arange(6), epochs=2, batch_size=4, rng=seed,
                   evaluate=metrics, progress=False), batches  # fmt: skip

    history, batches = run(3)
    assert history == {"loss": [1.0, 1.0], "val_acc": [0.0, 0.1], "train_acc": [0.5, 0.5]}
    assert all(type(v) is float for values in history.values() for v in values)
    assert run(3)[1] == batches
    assert run(4)[1] != batches


def test_fit_refuses_a_metric_named_loss() -> None:
    with pytest.raises(ValueError, match="val_loss"):
        fit(lambda xb, yb: 0.0, np.zeros(4), np.zeros(4), epochs=1, batch_size=2, rng=0,
            evaluate=lambda: {"loss": 1.0}, progress=False)  # fmt: skip


def test_fit_trains_logistic_regression_on_separable_blobs() -> None:
    X, y = blobs(200, margin=0.5, seed=0)
    t = (y + 1) / 2
    w, b = np.zeros(2), np.zeros(1)

    def step(xb: np.ndarray, tb: np.ndarray) -> float:
        p = 1 / (1 + np.exp(-(xb @ w + b)))
        loss = -np.mean(tb * np.log(p + 1e-12) + (1 - tb) * np.log(1 - p + 1e-12))
        w[:] -= 0.5 * xb.T @ (p - tb) / len(xb)
        b[:] -= 0.5 * np.mean(p - tb)
        return float(loss)

    accuracy = lambda: {"train_acc": float(np.mean(np.sign(X @ w + b) == y))}  # noqa: E731
    history = fit(step, X, t, epochs=15, batch_size=20, rng=1, evaluate=accuracy, progress=False)
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert history["train_acc"][-1] == 1.0


def test_fit_stops_on_a_diverging_loss() -> None:
    losses = iter([1.0, 2.0, float("inf"), 5.0] + [1.0] * 20)
    with pytest.warns(RuntimeWarning, match="loss became inf at epoch 2"):
        history = fit(lambda xb, yb: next(losses), np.zeros(4), np.zeros(4), epochs=5,
                      batch_size=2, rng=0, progress=False)  # fmt: skip
    assert history["loss"][0] == 1.5 and history["loss"][1] == float("inf")
    assert history.epochs == 2

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = fit(lambda xb, yb: float("nan"), np.zeros(4), np.zeros(4), epochs=3,
                      batch_size=2, rng=0, progress=False, stop_on_nonfinite=False)  # fmt: skip
    assert history.epochs == 3


def test_fit_progress_bar(capsys: pytest.CaptureFixture) -> None:
    fit(lambda xb, yb: 0.25, np.zeros(4), np.zeros(4), epochs=2, batch_size=2, rng=0,
        evaluate=lambda: {"val_acc": 0.75})  # fmt: skip
    err = capsys.readouterr().err
    assert "2/2" in err and "loss=0.25" in err and "val_acc=0.75" in err
    fit(lambda xb, yb: 0.25, np.zeros(4), np.zeros(4), epochs=2, batch_size=2, rng=0,
        progress=False)  # fmt: skip
    assert capsys.readouterr() == ("", "")


def test_fit_with_torch() -> None:
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    X, y = blobs(100, margin=1.0, seed=2)
    Xt, yt = torch.tensor(X, dtype=torch.float32), torch.tensor((y + 1) // 2)
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)

    def step(xb, yb):
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(xb), yb)
        loss.backward()
        optimizer.step()
        return loss  # a 0-d tensor is accepted

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. converting a tensor that requires grad
        history = fit(step, Xt, yt, epochs=10, batch_size=10, rng=0, progress=False)
    assert history["loss"][-1] < 0.2


# ---------------------------------------------------------------------------------------
# seeding
# ---------------------------------------------------------------------------------------


def draws() -> tuple:
    import torch

    return random.random(), float(np.random.rand()), float(torch.rand(1))


def test_seed_everything_seeds_every_global_generator() -> None:
    rng = seed_everything(123)
    first = draws() + (float(rng.random()),)
    rng = seed_everything(123)
    assert draws() + (float(rng.random()),) == first
    seed_everything(124)
    assert draws() != first[:3]
    assert isinstance(rng, np.random.Generator)
    assert float(rng.random()) == float(np.random.default_rng(123).random(2)[1])


def test_seed_everything_can_leave_torch_alone() -> None:
    import torch

    torch.manual_seed(5)
    expected = float(torch.rand(1))
    torch.manual_seed(5)
    seed_everything(99, torch=False)
    assert float(torch.rand(1)) == expected


@pytest.mark.parametrize("bad", [-1, 2**32, 1.5, "3", True])
def test_seed_everything_refuses_bad_seeds(bad) -> None:
    with pytest.raises(ValueError, match="seed"):
        seed_everything(bad)
