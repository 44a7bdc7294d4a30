"""PyTorch pieces of the captioning project (学习生成图像描述) that any captioner can use.

A captioner reads the caption tokens of ``nnkit.scenes`` (START, the words, END, then PAD):
it is trained by teacher forcing (the true previous word as input, the next word as
target) and writes a caption by greedy decoding (the most likely word at every step).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from nnkit import scenes

__all__ = ["greedy_decode", "teacher_forcing_loss"]


def teacher_forcing_loss(logits: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy of every next token, PAD ignored.

    Args:
        logits: (N, T, VOCAB), where ``logits[:, t]`` predicts ``tokens[:, t]`` from the
            tokens before it (and the image).
        tokens: (N, T) int64 captions, START first; START itself is not predicted.

    Returns:
        The loss, a scalar tensor.
    """
    logits = logits[:, 1:]
    return nn.functional.cross_entropy(
        logits.reshape(-1, logits.shape[-1]), tokens[:, 1:].reshape(-1), ignore_index=scenes.PAD
    )


def greedy_decode(
    step: Callable[[torch.Tensor, Any], tuple[torch.Tensor, Any]],
    state: Any,
    n: int,
    max_len: int = scenes.MAX_LEN,
    device: torch.device | str = "cpu",
) -> torch.Tensor:
    """Greedy decoding from START: at each step the most likely next token is the input of
    the next step.

    Args:
        step: ``step(token, state) -> (logits, state)``; token (n,) int64, logits
            (n, VOCAB) of the next token; the state is whatever the decoder carries.
        state: the decoder's state before it reads START (e.g. after it read the image).
        n: number of captions.
        max_len: length of each caption, START included.
        device: where the tokens live.

    Returns:
        (n, max_len) int64 tokens, START first.
    """
    token = torch.full((n,), scenes.START, dtype=torch.long, device=device)
    out = [token]
    for _ in range(max_len - 1):
        logits, state = step(token, state)
        token = logits.argmax(dim=1)
        out.append(token)
    return torch.stack(out, dim=1)
