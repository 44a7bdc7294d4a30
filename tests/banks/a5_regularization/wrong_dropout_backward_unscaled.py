"""Backward applies the mask but forgets the 1/keep_prob scale of the forward."""

LOSES = ["q1"]


def dropout_backward(dout, cache):
    if cache["mode"] == "eval":
        return dout.copy()
    return (dout * cache["mask"]).astype(dout.dtype)
