"""Eval mode normalises with the batch's statistics instead of the running ones."""

LOSES = ["q2"]

_reference_batchnorm_forward = batchnorm_forward  # noqa: F821 (defined by the reference)


def batchnorm_forward(x, gamma, beta, state=None, mode="train", momentum=0.1, eps=1e-5):
    out, cache, new = _reference_batchnorm_forward(x, gamma, beta, state, "train", momentum, eps)
    if mode == "eval":
        cache["mode"] = "eval"
        new = state if state is not None else new
    return out, cache, new
