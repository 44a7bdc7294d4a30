"""relu_forward clips x in place and returns x itself: the output is right, but the
caller's input is overwritten (out = x; out[out < 0] = 0)."""

LOSES = ["q1"]


def relu_forward(x):
    out = x
    out[out < 0] = 0
    return out, out > 0
