"""A single hidden unit (OR): one line cannot separate XOR."""

LOSES = ["q4"]


def xor_network():
    return np.array([[1.0, 1.0]]), np.array([1.0]), np.array([1.0]), 1.0
