"""The public checks that every final project makes of a submission.

Each project's check files call these with the project's own budgets (its project.yml):
the submitted weights load and fit the size budget, and train.py trains a fresh model in
its time budget. They check only what a submission does; the data a model is scored on
comes from the project's own generator (``nnkit.mnist1d``, ``nnkit.scenes``).
"""

from __future__ import annotations

import time
from typing import Any

# project.yml: data.validation_seed, the public validation set of every project
VALIDATION_SEED = 1
# project.yml: weights, the state_dict file of a submission
WEIGHTS = "weights.pt"
# assignment.yml: q4, the seconds train.py may take in the public check on the CPU
TRAIN_BUDGET_S = 20.0


def load_submitted(model: Any) -> Any:
    """The student's network with the submitted weights, on the CPU."""
    return model.load(WEIGHTS, "cpu")


def check_weights_budget(net: Any, budget_mb: float) -> None:
    """Fail unless ``net`` has parameters and they take at most ``budget_mb`` MB."""
    parameters = list(net.parameters())
    assert parameters, "the model has no parameters: build_model() must build a network"
    size = sum(int(p.numel()) * int(p.element_size()) for p in parameters)
    assert size <= budget_mb * 2**20, (
        f"the parameters take {size / 2**20:.2f} MB, over the budget of "
        f"{budget_mb:g} MB: make the model smaller"
    )


def train_within_budget(train: Any, budget_s: float = TRAIN_BUDGET_S) -> Any:
    """Run the student's ``train(seed=0, budget_s, "cpu")``, fail if it takes longer than
    ``budget_s`` seconds, and return the network it trained."""
    start = time.monotonic()
    net = train(0, budget_s, "cpu")
    elapsed = time.monotonic() - start
    assert elapsed <= budget_s, (
        f"train(seed=0, budget_s={budget_s:g}, device='cpu') took {elapsed:.1f} s: it must "
        "stop within budget_s seconds, data generation included"
    )
    return net
