"""Train the model of ``model.py`` on public MNIST-1D data within a time budget.

``python train.py`` trains and writes ``weights.pt``, the file you submit with
``model.py`` and this file. In retrain mode the grader calls ``train(seed, budget_s,
device)`` itself and evaluates the model it returns, so it must stop within
``budget_s`` seconds (data generation included) and use only the public generator.
"""

from __future__ import annotations

import model
import torch
from torch import nn

from nnkit import mnist1d
from nnkit.budget import command_line, deadline, train_steps

DATA_SEED = 1000  # public: the training set is generated from DATA_SEED + seed
STEPS = 3000
BATCH = 128
LEARNING_RATE = 3e-3


def train(seed: int = 0, budget_s: float = 120.0, device: str = "cpu") -> nn.Module:
    """Train a fresh ``model.build_model()`` with Adam and a one-cycle learning rate for
    STEPS steps on 20,000 generated signals (a short run of 500 steps on 2,000 signals
    under a budget below a minute); returns the model in evaluation mode on ``device``.
    Stops early when 80 % of the budget is spent."""
    stop_at = deadline(budget_s)
    torch.manual_seed(seed)
    n_train, steps = (20_000, STEPS) if budget_s >= 60 else (2_000, 500)
    x, y = mnist1d.make(n_train, seed=DATA_SEED + seed)
    x, y = torch.as_tensor(x, device=device), torch.as_tensor(y, device=device)
    net = model.build_model().to(device)
    optimizer = torch.optim.Adam(net.parameters(), lr=LEARNING_RATE)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, LEARNING_RATE, total_steps=steps)
    return train_steps(
        net,
        nn.functional.cross_entropy,
        x,
        y,
        optimizer=optimizer,
        schedule=schedule,
        steps=steps,
        batch_size=BATCH,
        seed=seed,
        stop_at=stop_at,
    )


if __name__ == "__main__":
    command_line(train, budget_s=120.0, description=__doc__)
