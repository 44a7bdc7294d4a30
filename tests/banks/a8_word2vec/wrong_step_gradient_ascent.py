"""The step adds the learning rate times the gradient (a sign slip): both matrices climb
the loss instead of descending it."""

LOSES = ["q3"]

_descending = negative_sampling_step


def negative_sampling_step(W, W_prime, inputs, weights, outputs, eta):
    return _descending(W, W_prime, inputs, weights, outputs, -eta)
