"""Averages dout over the batch for db instead of summing it."""

LOSES = ["q3"]
MODULE = "mlp"


def affine_backward(dout, cache):
    x, w = cache
    return dout @ w.T, x.T @ dout, dout.mean(axis=0)
