"""Momentum weights the old running value (Keras convention) instead of the new batch."""

LOSES = ["q2"]


_reference_batchnorm_forward = batchnorm_forward  # noqa: F821 (defined by the reference)


def batchnorm_forward(x, gamma, beta, state=None, mode="train", momentum=0.1, eps=1e-5):
    return _reference_batchnorm_forward(x, gamma, beta, state, mode, 1 - momentum, eps)
