"""Trained weights of a final project: saving, checking and loading a ``state_dict`` file.

A project's submission is its model code and one ``state_dict`` file (``weights.pt``).
Loading always uses ``torch.load(..., weights_only=True)``: the file can hold tensors and
plain containers only, so opening it never runs code chosen by whoever wrote it.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Mapping

import numpy as np
import torch
from torch import nn


class WeightsError(ValueError):
    """A weights file that is not a readable ``state_dict`` of tensors."""


def read_state_dict(source: str | os.PathLike | bytes) -> dict[str, torch.Tensor]:
    """The ``state_dict`` in a file (path or its bytes), loaded on the CPU with
    ``weights_only=True``; raises ``WeightsError`` saying what is wrong."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        state = torch.load(stream, map_location="cpu", weights_only=True)
    except Exception as exc:  # unpickling refused, truncated file, not a torch file...
        raise WeightsError(
            f"the weights cannot be read with torch.load(weights_only=True): "
            f"{type(exc).__name__}: {str(exc)[:300]}. Save them with "
            "torch.save(net.state_dict(), 'weights.pt')"
        ) from None
    if not isinstance(state, Mapping):
        raise WeightsError(
            f"the weights file holds a {type(state).__name__}, not a state_dict: save "
            "net.state_dict(), not the model"
        )
    bad = [k for k, v in state.items() if not isinstance(k, str) or not torch.is_tensor(v)]
    if bad:
        raise WeightsError(f"the state_dict has entries that are not tensors: {bad[:5]}")
    return dict(state)


def state_dict_bytes(state: Mapping[str, torch.Tensor]) -> int:
    """Bytes the tensors of a ``state_dict`` hold (the file adds a small header)."""
    return sum(t.numel() * t.element_size() for t in state.values())


def load_weights(net: nn.Module, path: str | os.PathLike, device: str = "cpu") -> nn.Module:
    """Load the ``state_dict`` at ``path`` into ``net`` (every key must match), move it to
    ``device`` and switch it to evaluation mode; returns ``net``."""
    state = read_state_dict(path)
    try:
        net.load_state_dict(state, strict=True)
    except RuntimeError as exc:
        raise WeightsError(
            "the weights do not match the model that build_model() builds "
            f"(was weights.pt saved from this model?): {str(exc)[:600]}"
        ) from None
    return net.to(device).eval()


def device_of(net: nn.Module) -> torch.device:
    """The device of the first parameter of ``net`` (the CPU for a net without any)."""
    for parameter in net.parameters():
        return parameter.device
    return torch.device("cpu")


@torch.no_grad()
def outputs_in_batches(
    net: nn.Module,
    x: np.ndarray,
    batch_size: int = 1024,
    apply: Callable[[torch.Tensor], torch.Tensor] | None = None,
) -> np.ndarray:
    """``apply`` (``net`` itself by default, or a method such as ``net.generate``) applied
    to ``x`` in batches on the net's device, without gradients; (N, ...) float32 input ->
    (N, ...) numpy output (float32 where the output is floating point)."""
    apply = net if apply is None else apply
    device = device_of(net)
    parts = []
    for start in range(0, len(x), batch_size):
        batch = torch.as_tensor(np.asarray(x[start : start + batch_size], dtype=np.float32))
        out = apply(batch.to(device))
        parts.append((out.float() if out.is_floating_point() else out).cpu().numpy())
    if not parts:
        return np.zeros((0,), dtype=np.float32)
    return np.concatenate(parts)
