"""Tanh backward uses 1 − tanh instead of 1 − tanh²."""

LOSES = ["q1"]


def tanh_backward(dout, cache):
    return dout * (1 - cache)
