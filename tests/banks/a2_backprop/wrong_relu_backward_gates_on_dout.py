"""ReLU backward lets dout through where dout > 0 instead of where the input was > 0."""

LOSES = ["q3", "q4"]  # q4 trains with the model's own gradients
MODULE = "mlp"


def relu_backward(dout, cache):
    return dout * (dout > 0)
