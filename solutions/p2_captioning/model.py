"""Final project 2: a CNN encoder and an RNN decoder that caption scenes of shapes.

The reference follows the lecture's 学习生成图像描述: a convolutional network encodes the
image into a vector that is fed to the recurrent network at the start, before the START
token; from then on the RNN receives a word and its context and outputs the distribution
of the next word, until it outputs END. The grader calls ``load`` and ``caption`` only:
keep their signatures.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from nnkit import scenes
from nnkit.captioning import greedy_decode
from nnkit.checkpoint import load_weights, outputs_in_batches

VOCAB = len(scenes.VOCAB)


class Captioner(nn.Module):
    """CNN encoder + GRU decoder.

    forward: images (N, 3, 32, 32), caption tokens (N, T) starting with START ->
    logits (N, T, VOCAB); step 0 reads the image, step t > 0 reads token t - 1, so
    logits[:, t] predicts token t from the image and the tokens before it.
    """

    def __init__(self, embed: int = 64, hidden: int = 128) -> None:
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(3, 16, 4, stride=2, padding=1),
            nn.ReLU(),
            nn.Conv2d(16, 32, 4, stride=2, padding=1),
            nn.ReLU(),
            nn.Conv2d(32, 32, 4, stride=2, padding=1),
            nn.ReLU(),
            nn.Flatten(),
            nn.Linear(32 * 4 * 4, embed),
            nn.ReLU(),
        )
        self.initial = nn.Linear(embed, hidden)
        self.embed = nn.Embedding(VOCAB, embed)
        self.rnn = nn.GRU(embed, hidden, batch_first=True)
        self.out = nn.Linear(hidden, VOCAB)

    def start(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The image as the RNN's first input (N, 1, embed) and its initial state
        (1, N, hidden): the scene is known from the first step on."""
        features = self.encoder(images)
        return features[:, None, :], torch.tanh(self.initial(features))[None]

    def forward(self, images: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        first, state = self.start(images)
        inputs = torch.cat([first, self.embed(tokens[:, :-1])], dim=1)
        hidden, _ = self.rnn(inputs, state)
        return self.out(hidden)

    @torch.no_grad()
    def generate(self, images: torch.Tensor, max_len: int = scenes.MAX_LEN) -> torch.Tensor:
        """Greedy decoding: (N, 3, 32, 32) -> (N, max_len) tokens, START first."""
        first, state = self.start(images)
        _, state = self.rnn(first, state)
        return greedy_decode(self.next_token, state, len(images), max_len, images.device)

    def next_token(
        self, token: torch.Tensor, state: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """One decoding step: the previous token (N,) and the state -> logits of the next
        token (N, VOCAB) and the new state."""
        hidden, state = self.rnn(self.embed(token)[:, None, :], state)
        return self.out(hidden[:, 0]), state


def build_model() -> nn.Module:
    """A fresh, untrained model; ``weights.pt`` holds its trained ``state_dict``."""
    return Captioner()


def load(path: str = "weights.pt", device: str = "cpu") -> nn.Module:
    """The model with the trained weights of ``path``, on ``device``, in evaluation mode."""
    return load_weights(build_model(), path, device)


def caption(net: nn.Module, images: np.ndarray, batch_size: int = 500) -> np.ndarray:
    """Token ids of the captions of ``images`` (N, 3, 32, 32) float32: (N, MAX_LEN) int64,
    START first; the grader reads each up to its first END."""
    return outputs_in_batches(net, images, batch_size, apply=net.generate).astype(np.int64)
