"""The gates use 1 / (1 + exp(-a)), which overflows for large negative pre-activations (the
values stay right; numpy's overflow is what the test sees)."""

LOSES = ["q3"]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))
