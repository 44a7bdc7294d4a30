"""Encodes the first label seen as -1, not the smaller one."""

LOSES = ["q2"]


def encode_labels(y):
    y = np.asarray(y)
    classes = np.unique(y)
    if classes.size != 2:
        raise ValueError("two classes expected")
    return np.where(y == y[0], -1, 1)
