"""Right values, but float32 inputs come back as float64."""

LOSES = ["q3"]
MODULE = "mlp"


def affine_forward(x, w, b):
    x64, w64 = x.astype(np.float64), w.astype(np.float64)
    return x64 @ w64 + b, (x64, w64)
