"""Hidden units OR and AND combined with the wrong output threshold (computes OR)."""

LOSES = ["q4"]


def xor_network():
    return np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([1.0, 2.0]), np.array([1.0, -1.0]), 0.0
