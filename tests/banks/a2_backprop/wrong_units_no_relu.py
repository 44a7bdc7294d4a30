"""Forgets the ReLU: the units are the raw lines a_i x + c_i."""

LOSES = ["q5"]
MODULE = "approx"


def lecture_units(x):
    slopes = np.array([-5.0, -1.2, 1.2, 1.2, 2.0, 5.0], dtype=x.dtype)
    intercepts = np.array([-7.7, -1.3, 1.0, -0.2, -1.1, -5.0], dtype=x.dtype)
    return x[:, None] * slopes + intercepts
