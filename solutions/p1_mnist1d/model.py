"""Final project 1: a convolutional network that classifies MNIST-1D signals.

The reference: a 1-D convolutional network (卷积神经网络: local receptive fields, shared
weights, downsampling by stride) followed by a linear softmax layer over the ten digits.
The grader calls ``load`` and ``predict`` only: keep their signatures.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from nnkit.checkpoint import load_weights, outputs_in_batches

CLASSES = 10


class ConvNet(nn.Module):
    """Four 1-D convolutions (the 2nd and 3rd halve the length) and a linear layer.

    (N, 40) float32 signals -> (N, 10) logits.
    """

    def __init__(self, channels: int = 32) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv1d(1, channels, 5, padding=2),
            nn.ReLU(),
            nn.Conv1d(channels, channels, 3, stride=2, padding=1),
            nn.ReLU(),
            nn.Conv1d(channels, channels, 3, stride=2, padding=1),
            nn.ReLU(),
            nn.Conv1d(channels, channels, 3, padding=1),
            nn.ReLU(),
        )
        self.classifier = nn.Linear(channels * 10, CLASSES)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x[:, None, :]).flatten(1))


def build_model() -> nn.Module:
    """A fresh, untrained model; ``weights.pt`` holds its trained ``state_dict``."""
    return ConvNet()


def load(path: str = "weights.pt", device: str = "cpu") -> nn.Module:
    """The model with the trained weights of ``path``, on ``device``, in evaluation mode."""
    return load_weights(build_model(), path, device)


def predict(net: nn.Module, x: np.ndarray) -> np.ndarray:
    """Predicted digits of signals ``x`` (N, 40) float32: (N,) int64 in 0..9."""
    return outputs_in_batches(net, x).argmax(axis=1).astype(np.int64)
