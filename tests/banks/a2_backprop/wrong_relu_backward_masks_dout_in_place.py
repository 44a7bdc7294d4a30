"""relu_backward zeroes dout in place where the input was not positive and returns it:
dx is right, but the caller's upstream gradient is overwritten (dx = dout; dx[...] = 0)."""

LOSES = ["q3"]
MODULE = "mlp"


def relu_backward(dout, cache):
    dx = dout
    dx[cache <= 0] = 0
    return dx
