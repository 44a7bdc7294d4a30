"""tanh derivative taken as 1 − tanh(x) instead of 1 − tanh(x)²."""

LOSES = ["q3", "q4"]  # q4 trains with the model's own gradients
MODULE = "mlp"


def tanh_backward(dout, cache):
    return dout * (1 - cache)
