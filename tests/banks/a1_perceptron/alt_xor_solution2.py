"""XOR from two 'exactly one input' detectors: (x1 AND NOT x2) OR (x2 AND NOT x1)."""

LOSES = []


def xor_network():
    W1 = np.array([[1.0, -1.0], [-1.0, 1.0]])
    T1 = np.array([1.0, 1.0])
    return W1, T1, np.array([1.0, 1.0]), 1.0


def and_unit():
    return np.array([0.5, 0.5]), 0.75


def not_unit():
    return np.array([-2.0]), -1.0
