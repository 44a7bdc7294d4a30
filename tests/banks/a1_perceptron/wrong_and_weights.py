"""AND with threshold 1: that is OR."""

LOSES = ["q1"]


def and_unit():
    return np.array([1.0, 1.0]), 1.0
