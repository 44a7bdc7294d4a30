"""Independent expected values from PyTorch, for the assignments' tests.

A test compares a student's outputs and gradients with what PyTorch computes for the same
operation; this package is the one place that turns numpy inputs into tensors, runs the
operation and reads the results back (numpy in, numpy out), so no test file imports torch.
Each function takes the course's arguments in the course's layout and holds no data of its
own; one module per topic (``core``: the conversion; ``layers``: assignments 2 and 6;
``losses``: 3; ``optim``: 4; ``regularization``: 5; ``rnn``: 7; ``word2vec``: 8), every
public name importable from ``nnkit.oracles``. Torch is imported inside the functions:
importing this package stays cheap.
"""

from __future__ import annotations

from .core import torch_vjp
from .layers import (
    check_conv_layer,
    torch_activation,
    torch_affine,
    torch_conv,
    torch_mlp_loss,
    torch_pool,
)
from .losses import TORCH_LOSSES, torch_layer_gradient_norms, torch_loss
from .optim import (
    FAR_ALONG,
    TORCH_OPTIMIZERS,
    torch_rosenbrock_gradient,
    torch_trajectory,
)
from .regularization import torch_batchnorm, torch_batchnorm_backward, torch_residual_block
from .rnn import (
    torch_clip_grad_norm,
    torch_lstm,
    torch_memory_gap_norms,
    torch_rnn,
    torch_rnn_gap_norms,
    torch_rnn_model_loss,
    torch_temporal_affine,
    torch_temporal_softmax_loss,
)
from .word2vec import (
    torch_cbow,
    torch_cbow_gradients,
    torch_cbow_hidden,
    torch_cbow_signals,
    torch_cosines,
    torch_elman_lm,
    torch_negative_sampling,
    torch_negative_sampling_step,
    torch_unit_rows,
)

__all__ = [
    "torch_vjp",
    "torch_activation",
    "torch_affine",
    "torch_mlp_loss",
    "torch_conv",
    "torch_pool",
    "check_conv_layer",
    "torch_loss",
    "torch_layer_gradient_norms",
    "TORCH_LOSSES",
    "torch_rosenbrock_gradient",
    "torch_trajectory",
    "TORCH_OPTIMIZERS",
    "FAR_ALONG",
    "torch_batchnorm",
    "torch_batchnorm_backward",
    "torch_residual_block",
    "torch_rnn",
    "torch_lstm",
    "torch_temporal_affine",
    "torch_temporal_softmax_loss",
    "torch_rnn_model_loss",
    "torch_clip_grad_norm",
    "torch_rnn_gap_norms",
    "torch_memory_gap_norms",
    "torch_cbow_hidden",
    "torch_cbow",
    "torch_cbow_signals",
    "torch_cbow_gradients",
    "torch_negative_sampling",
    "torch_negative_sampling_step",
    "torch_unit_rows",
    "torch_cosines",
    "torch_elman_lm",
]
