"""The output layer forgets its bias c."""

LOSES = ["q1", "q5"]


def temporal_affine_forward(h, V, c):
    return h @ V, (h, V)
