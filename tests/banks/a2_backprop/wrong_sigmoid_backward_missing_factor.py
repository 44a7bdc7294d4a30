"""Sigmoid derivative taken as σ(x) instead of σ(x)(1 − σ(x))."""

LOSES = ["q3"]
MODULE = "mlp"


def sigmoid_backward(dout, cache):
    return dout * cache
