"""NOT with a positive weight: computes the identity."""

LOSES = ["q1"]


def not_unit():
    return np.array([1.0]), 1.0
