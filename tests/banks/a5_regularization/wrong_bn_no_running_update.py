"""Train mode returns the state unchanged: the running averages never move."""

LOSES = ["q2"]

import numpy as np  # noqa: E402 (LOSES comes first by convention)

_reference_batchnorm_forward = batchnorm_forward  # noqa: F821 (defined by the reference)


def batchnorm_forward(x, gamma, beta, state=None, mode="train", momentum=0.1, eps=1e-5):
    out, cache, _ = _reference_batchnorm_forward(x, gamma, beta, state, mode, momentum, eps)
    if state is None:
        state = {"running_mean": np.zeros(x.shape[1]), "running_var": np.ones(x.shape[1])}
    return out, cache, {k: np.array(v) for k, v in state.items()}
