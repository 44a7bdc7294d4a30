"""The mask comes from an unseeded generator: not reproducible from the seed."""

LOSES = ["q1"]

import numpy as np  # noqa: E402 (LOSES comes first by convention)


def dropout_forward(x, keep_prob, mode="train", seed=None):
    if mode == "eval":
        return x.copy(), {"mask": np.ones(x.shape, bool), "keep_prob": keep_prob, "mode": mode}
    mask = np.random.default_rng().random(x.shape) < keep_prob
    out = (x * mask / x.dtype.type(keep_prob)).astype(x.dtype)
    return out, {"mask": mask, "keep_prob": keep_prob, "mode": mode}
