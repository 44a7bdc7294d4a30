"""Final project 2: an RNN that captions scenes of shapes.

The starting point never looks at the image: a recurrent language model (基于RNN的语言模型)
of the captions, whose first input is a zero vector where the image should be. It learns
the grammar ("a ... left of a ...") but not the scene, so it writes the same caption for
every image. Give it eyes: a convolutional encoder whose output is fed to the RNN at the
start, as in the lecture's 学习生成图像描述. The grader calls ``load`` and ``caption``
only: keep their signatures.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from nnkit import scenes
from nnkit.captioning import greedy_decode
from nnkit.checkpoint import load_weights, outputs_in_batches

VOCAB = len(scenes.VOCAB)


class BlindCaptioner(nn.Module):
    """GRU language model over caption tokens.

    forward: images (N, 3, 32, 32) (ignored), caption tokens (N, T) starting with START ->
    logits (N, T, VOCAB); step 0 reads a zero vector in place of the image, step t > 0
    reads token t - 1, so logits[:, t] predicts token t from the tokens before it.
    """

    def __init__(self, embed: int = 32, hidden: int = 64) -> None:
        super().__init__()
        self.embed = nn.Embedding(VOCAB, embed)
        self.rnn = nn.GRU(embed, hidden, batch_first=True)
        self.out = nn.Linear(hidden, VOCAB)

    def image_vector(self, images: torch.Tensor) -> torch.Tensor:
        """What the RNN reads at step 0: (N, embed). Here nothing of the image."""
        return torch.zeros(len(images), self.embed.embedding_dim, device=images.device)

    def forward(self, images: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        first = self.image_vector(images)[:, None, :]
        hidden, _ = self.rnn(torch.cat([first, self.embed(tokens[:, :-1])], dim=1))
        return self.out(hidden)

    @torch.no_grad()
    def generate(self, images: torch.Tensor, max_len: int = scenes.MAX_LEN) -> torch.Tensor:
        """Greedy decoding: (N, 3, 32, 32) -> (N, max_len) tokens, START first."""
        _, state = self.rnn(self.image_vector(images)[:, None, :])
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
    return BlindCaptioner()


def load(path: str = "weights.pt", device: str = "cpu") -> nn.Module:
    """The model with the trained weights of ``path``, on ``device``, in evaluation mode."""
    return load_weights(build_model(), path, device)


def caption(net: nn.Module, images: np.ndarray, batch_size: int = 500) -> np.ndarray:
    """Token ids of the captions of ``images`` (N, 3, 32, 32) float32: (N, MAX_LEN) int64,
    START first; the grader reads each up to its first END."""
    return outputs_in_batches(net, images, batch_size, apply=net.generate).astype(np.int64)
