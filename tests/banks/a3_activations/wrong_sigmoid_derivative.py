"""Sigmoid backward uses σ instead of σ(1 − σ)."""

LOSES = ["q1"]


def sigmoid_backward(dout, cache):
    return dout * cache
