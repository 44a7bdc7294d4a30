"""OR with threshold 2: that is AND."""

LOSES = ["q1"]


def or_unit():
    return np.array([1.0, 1.0]), 2.0
