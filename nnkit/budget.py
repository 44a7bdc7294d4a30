"""Training a final project's PyTorch model within a time budget.

A project's ``train.py`` defines ``train(seed, budget_s, device)``, which the grader may call
itself (retrain mode) and which must stop within ``budget_s`` seconds. ``train_steps`` is a
loop of minibatch steps that stops at a deadline; ``command_line`` is what
``python train.py`` does: train, then save the weights you submit. Write your own loop
instead whenever this one does not fit your method.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence

import torch
from torch import nn

from nnkit.checkpoint import device_of

__all__ = ["command_line", "deadline", "train_steps"]


def deadline(budget_s: float, margin: float = 0.8) -> float:
    """The ``time.monotonic()`` value by which training should stop: ``margin`` of the
    budget from now, leaving the rest for what follows the last step. Call it first thing
    in ``train``, so that data generation counts against the budget too."""
    return time.monotonic() + margin * budget_s


def train_steps(
    net: nn.Module,
    criterion: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    inputs: torch.Tensor | Sequence[torch.Tensor],
    targets: torch.Tensor,
    *,
    optimizer: torch.optim.Optimizer,
    steps: int,
    batch_size: int,
    seed: int,
    stop_at: float,
    schedule: torch.optim.lr_scheduler.LRScheduler | None = None,
) -> nn.Module:
    """Train ``net`` for ``steps`` minibatch steps, or until ``stop_at`` has passed.

    Each step draws ``batch_size`` example indices uniformly with replacement (from a
    generator seeded with ``seed``), computes ``criterion(net(*inputs[index]),
    targets[index])``, backpropagates it and steps ``optimizer`` (then ``schedule``, if
    given, once per step).

    Args:
        net: the model, already on the device of ``inputs``.
        criterion: ``criterion(outputs, targets) -> scalar tensor``, the loss of a batch,
            e.g. ``torch.nn.functional.cross_entropy`` for logits and class labels.
        inputs: what ``net`` takes, one tensor or a tuple of tensors (passed as separate
            arguments), each with one row per training example.
        targets: one row per training example.
        optimizer: updates ``net``'s parameters.
        steps: the number of steps when time allows.
        batch_size: examples per step.
        seed: seeds the order in which examples are drawn.
        stop_at: a ``time.monotonic()`` value (see ``deadline``); no step starts after it.
        schedule: a learning-rate scheduler stepped after every optimizer step.

    Returns:
        ``net``, in evaluation mode.
    """
    inputs = (inputs,) if torch.is_tensor(inputs) else tuple(inputs)
    order = torch.Generator().manual_seed(seed)
    device = device_of(net)
    net.train()
    for _ in range(steps):
        if time.monotonic() > stop_at:
            break
        index = torch.randint(0, len(targets), (batch_size,), generator=order).to(device)
        value = criterion(net(*(tensor[index] for tensor in inputs)), targets[index])
        optimizer.zero_grad()
        value.backward()
        optimizer.step()
        if schedule is not None:
            schedule.step()
    return net.eval()


def command_line(
    train: Callable[[int, float, str], nn.Module], budget_s: float, description: str
) -> None:
    """``python train.py [--seed S] [--budget SECONDS] [--device D] [--out weights.pt]``:
    call ``train(seed, budget_s, device)`` and save the ``state_dict`` of the model it
    returns (on the CPU) to the weights file that you submit."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--budget", type=float, default=budget_s, help="seconds")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--out", default="weights.pt")
    args = parser.parse_args()
    trained = train(args.seed, args.budget, args.device)
    torch.save({k: v.cpu() for k, v in trained.state_dict().items()}, args.out)
    print(f"saved {args.out}")
