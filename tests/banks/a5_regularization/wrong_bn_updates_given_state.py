"""Train mode updates the running statistics inside the state dict it was given (and
returns that dict), although the docstring promises a new dict and the old one untouched."""

LOSES = ["q2"]

_reference_batchnorm_forward = batchnorm_forward  # noqa: F821


def batchnorm_forward(x, gamma, beta, state=None, mode="train", momentum=0.1, eps=1e-5):
    out, cache, new = _reference_batchnorm_forward(x, gamma, beta, state, mode, momentum, eps)
    if state is None:
        return out, cache, new
    state["running_mean"][...] = new["running_mean"]
    state["running_var"][...] = new["running_var"]
    return out, cache, state
